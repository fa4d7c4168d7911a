using System.Collections.Frozen;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Aileron.Configuration.Model;
using Aileron.Configuration.Validation;
using Aileron.Forwarding;
using Aileron.Tls;

namespace Aileron.Hosting;

/// <summary>
/// Turns an HTTPClient resource into the settings its transport runs on, reading its TLS files
/// (so a reload picks up rotated certificates). Milliseconds become durations, 0 meaning "not set".
/// </summary>
internal static class UpstreamTransportFactory
{
    public static UpstreamTransportOptions Options(HttpClientConfig client)
    {
        var spec = client.Spec;
        var h1 = spec.HttpTransportConfig;
        var h2 = spec.Http2TransportConfig;
        var h3 = spec.Http3TransportConfig;
        var tls = spec.Tls;
        return new UpstreamTransportOptions
        {
            Name = client.Name,
            Tls = tls is null ? null : SslOptions(tls, quic: h3 is not null),
            ServerName = tls is { ServerName.Length: > 0 } ? tls.ServerName : null,
            InsecureSkipVerify = tls?.InsecureSkipVerify == true,
            Http2Only = h2 is not null,
            Http3Only = h3 is not null,
            H2c = h2?.AllowHTTP == true,
            AllowHttp2 = h1?.AllowHTTP2 == true,
            Dialer = Dialer(spec.Dial),
            TlsHandshakeTimeout = Milliseconds(h1?.TlsHandshakeTimeout),
            IdleTimeout = Milliseconds(h1?.IdleConnTimeout ?? h2?.IdleConnTimeout),
            ResponseHeaderTimeout = Milliseconds(h1?.ResponseHeaderTimeout),
            ExpectContinueTimeout = Milliseconds(h1?.ExpectContinueTimeout),
            PingDelay = Milliseconds(h2?.ReadIdleTimeout),
            PingTimeout = Milliseconds(h2?.PingTimeout),
            MaxConnectionsPerHost = h1?.MaxConnsPerHost ?? 0,
            MaxIdlePerHost = h1?.MaxIdleConnsPerHost ?? 0,
            MaxResponseHeaderBytes = h1?.MaxResponseHeaderBytes ?? h2?.MaxHeaderListSize ?? h3?.MaxResponseHeaderBytes ?? 0,
            DisableKeepAlives = h1?.DisableKeepAlives == true,
            Retry = spec.RetryConfig is { MaxRetry: > 0 } retry
                ? new RetrySettings(retry.MaxRetry, retry.MaxContentLength, retry.RetryStatusCodes.ToFrozenSet())
                : null,
        };
    }

    /// <summary>
    /// Trust: only the rootCAs when listed (AILERON adds them to the system's store; aileron does not,
    /// so an upstream pinned to a private CA cannot be impersonated with a public certificate), else the
    /// system's store. No revocation check, as in Go. .NET's QUIC (<paramref name="quic"/>) reads the
    /// same trust, client certificate and validation callback, and the server name from the request.
    /// </summary>
    public static SslClientAuthenticationOptions SslOptions(ClientTlsConfigSpec tls, bool quic = false)
    {
        var options = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = Protocols(tls.MinVersion, tls.MaxVersion),
            AllowRenegotiation = tls.Renegotiation != TlsRenegotiation.RenegotiateNever,
            AllowTlsResume = !tls.SessionTicketsDisabled,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (tls.RootCAs.Count > 0)
        {
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            foreach (var file in tls.RootCAs)
            {
                policy.CustomTrustStore.AddRange(PemFiles.LoadCertificates(file));
            }

            options.CertificateChainPolicy = policy;
        }

        if (tls.CertKeyPairs.Count > 0)
        {
            var (leaf, chain) = PemFiles.LoadPair(tls.CertKeyPairs[0].CertFile, tls.CertKeyPairs[0].KeyFile);
            options.ClientCertificateContext = SslStreamCertificateContext.Create(leaf, chain, offline: true);
            options.ClientCertificates = [leaf];
        }

        // QUIC is TLS 1.3 only, whose suites stay on as in Go (tlsCipher is warned about): there is
        // nothing to restrict, so no policy is handed to msquic.
        if (tls.TlsCipher.Count > 0 && !quic)
        {
            options.CipherSuitesPolicy = CipherSuites.Policy(tls.TlsCipher);
        }

        return options;
    }

    /// <summary>One version when min or max pins it; else the system's choice, which is TLS 1.2 and 1.3, Go's default too.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Security", "CA5397", Justification = "771 and 772 are AILERON's TLS version numbers compared, not SslProtocols values; TLS 1.2 and 1.3 only")]
    private static SslProtocols Protocols(int min, int max) =>
        min == HttpClientValidator.Tls13 ? SslProtocols.Tls13
        : max == HttpClientValidator.Tls12 ? SslProtocols.Tls12
        : SslProtocols.None;

    private static UpstreamDialer Dialer(DialConfigSpec? dial)
    {
        if (dial is null)
        {
            return UpstreamDialer.Direct;
        }

        var rules = new List<UpstreamDialer.Rule>();
        foreach (var text in dial.ReplaceTargets)
        {
            if (ReplaceTarget.TryParse(text, out var rule, out _))
            {
                rules.Add(new UpstreamDialer.Rule(rule!.FromHost, rule.FromPort, EndPointOf(rule)));
            }
        }

        var local = dial.LocalAddress.Length > 0 && LocalAddress.TryParse(dial.LocalAddress, out var address, out _) ? address : null;
        return new UpstreamDialer(rules, local, Milliseconds(dial.Timeout));
    }

    private static EndPoint EndPointOf(ReplaceTarget rule)
    {
        if (rule.ToNetwork == "unix")
        {
            // Go writes an abstract socket as @name; .NET as a leading NUL.
            return new UnixDomainSocketEndPoint(rule.To.StartsWith('@') ? "\0" + rule.To[1..] : rule.To);
        }

        ReplaceTarget.TrySplitHostPort(rule.To, out var host, out var port);
        return new DnsEndPoint(host, port);
    }

    private static TimeSpan? Milliseconds(long? value) => value > 0 ? TimeSpan.FromMilliseconds(value.Value) : null;
}
