using System.Net.Quic;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Tls;

namespace Aileron.Configuration.Validation;

/// <summary>
/// The rules of an HTTPClient beyond its shape: one transport, numbers in range, TLS files that
/// load, dial rules that parse, QUIC where HTTP/3 is asked for, and (<see cref="CheckUpstreams"/>)
/// upstream URLs the transport can reach the way AILERON would. Anything that would weaken what the
/// config asks for is an error.
/// </summary>
internal static class HttpClientValidator
{
    /// <summary>TLS 1.2 and 1.3, by the numbers AILERON's minVersion and maxVersion take.</summary>
    public const int Tls12 = 771;
    public const int Tls13 = 772;

    /// <summary>One line, for validate and serve alike, when this machine cannot speak HTTP/3 to upstreams.</summary>
    public const string NoQuic =
        "HTTP/3 needs libmsquic, which this machine does not have: install it (apt-get install libmsquic, from packages.microsoft.com) or use http2TransportConfig";

    private static readonly string[] Alpn = ["h2", "http/1.1"];
    private static readonly string[] QuicAlpn = ["h3"];
    private static readonly string[] ServerSideFields = ["clientAuth", "clientCAs"];
    private static readonly AsyncLocal<bool?> AssumedQuic = new();

    /// <summary>
    /// Whether this machine speaks QUIC (libmsquic is installed), which HTTP/3 to upstreams needs:
    /// <see cref="QuicConnection.IsSupported"/>, unless <see cref="AssumeQuic"/> says otherwise for the calling flow.
    /// </summary>
    public static bool QuicSupported => AssumedQuic.Value ?? QuicConnection.IsSupported;

    /// <summary>
    /// For tests: <see cref="QuicSupported"/> is <paramref name="supported"/> in the calling flow only
    /// (tests running alongside are not affected) until the result is disposed, so both answers are
    /// tested on any machine, with or without libmsquic.
    /// </summary>
    public static IDisposable AssumeQuic(bool supported)
    {
        var previous = AssumedQuic.Value;
        AssumedQuic.Value = supported;
        return new Restore(previous);
    }

    public static void Validate(HttpClientSpec client, DiagnosticBag d)
    {
        string[] transports =
        [
            .. new (string Field, ConfigNode? Node)[]
            {
                ("httpTransportConfig", client.HttpTransportConfig), ("http2TransportConfig", client.Http2TransportConfig),
                ("http3TransportConfig", client.Http3TransportConfig),
            }.Where(t => t.Node is not null).Select(t => t.Field),
        ];
        if (transports.Length > 1)
        {
            var names = string.Join(", ", transports[..^1]) + " and " + transports[^1];
            d.Error(client.PositionOf(transports[1]), $"{client.Path}: {names} are one choice (a oneof in AILERON): keep one");
        }

        if (client.RetryConfig is { } retry)
        {
            ValidateRetry(retry, d);
        }

        if (client.HttpTransportConfig is { } h1)
        {
            ValidateHttp1(h1, d);
        }

        if (client.Http2TransportConfig is { } h2)
        {
            NotNegative(h2, d, ("maxHeaderListSize", h2.MaxHeaderListSize), ("idleConnTimeout", h2.IdleConnTimeout),
                ("readIdleTimeout", h2.ReadIdleTimeout), ("pingTimeout", h2.PingTimeout));
            ValidateTls(h2.TlsConfig, d);
            ValidateDial(h2.DialConfig, d);
        }

        if (client.Http3TransportConfig is { } h3)
        {
            ValidateHttp3(client, h3, d);
        }
    }

    /// <summary>
    /// Checks the upstreams of a ReverseProxyHandler against the HTTPClient it names: http:// needs a
    /// transport that speaks cleartext (AILERON's HTTP/2 transport fails every request to one unless
    /// allowHTTP is set; its HTTP/3 transport every request), and a dialer with TLS would speak TLS to it (aileron decides TLS by the scheme).
    /// </summary>
    public static void CheckUpstreams(HttpClientSpec client, ResourceId clientId, ReverseProxyHandlerSpec proxy, DiagnosticBag d)
    {
        var name = $"HTTPClient '{clientId.Namespace}/{clientId.Name}'";
        foreach (var upstream in proxy.LoadBalancers.SelectMany(lb => lb.Upstreams))
        {
            if (!upstream.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (client.Http3TransportConfig is not null)
            {
                d.Error(
                    upstream.PositionOf("url"),
                    $"{upstream.Path}.url: {upstream.Url} is cleartext, and {name} speaks HTTP/3, which runs over TLS only: use https://");
            }
            else if (client.Http2TransportConfig is { AllowHTTP: false })
            {
                d.Error(
                    upstream.PositionOf("url"),
                    $"{upstream.Path}.url: {upstream.Url} is cleartext, and {name} speaks HTTP/2 only: set http2TransportConfig.allowHTTP: true for h2c, or use https://");
            }
            else if (client.Dial?.TlsConfig is not null)
            {
                d.Error(
                    upstream.PositionOf("url"),
                    $"{upstream.Path}.url: {upstream.Url} is cleartext, but {name} has dialConfig.tlsConfig, with which AILERON would speak TLS to it: use https://, or move tlsConfig out of dialConfig");
            }
        }
    }

    private static void ValidateRetry(RetryConfigSpec retry, DiagnosticBag d)
    {
        if (retry.MaxRetry is < 0 or > RetryConfigSpec.MaxMaxRetry)
        {
            d.Error(retry.PositionOf("maxRetry"), $"{retry.Path}.maxRetry: {retry.MaxRetry} is out of range: 0 to {RetryConfigSpec.MaxMaxRetry}");
        }

        if (retry.MaxContentLength is < 0 or > RetryConfigSpec.MaxMaxContentLength)
        {
            d.Error(
                retry.PositionOf("maxContentLength"),
                $"{retry.Path}.maxContentLength: {retry.MaxContentLength} is out of range: 0 to {RetryConfigSpec.MaxMaxContentLength} bytes");
        }

        for (var i = 0; i < retry.RetryStatusCodes.Count; i++)
        {
            if (retry.RetryStatusCodes[i] is < 100 or > 599)
            {
                d.Error(retry.PositionOf($"retryStatusCodes[{i}]"), $"{retry.Path}.retryStatusCodes[{i}]: {retry.RetryStatusCodes[i]} is not an HTTP status (100 to 599)");
            }
        }

        if (retry.RetryStatusCodes.Count > 0 && retry.MaxRetry == 0)
        {
            d.Warning(retry.PositionOf("retryStatusCodes"), $"{retry.Path}.retryStatusCodes: maxRetry is 0, so no answer is retried; set maxRetry");
        }
    }

    private static void ValidateHttp1(HttpTransportConfigSpec h1, DiagnosticBag d)
    {
        NotNegative(h1, d, ("tlsHandshakeTimeout", h1.TlsHandshakeTimeout), ("idleConnTimeout", h1.IdleConnTimeout),
            ("responseHeaderTimeout", h1.ResponseHeaderTimeout), ("expectContinueTimeout", h1.ExpectContinueTimeout),
            ("maxResponseHeaderBytes", h1.MaxResponseHeaderBytes), ("maxIdleConnsPerHost", h1.MaxIdleConnsPerHost),
            ("maxConnsPerHost", h1.MaxConnsPerHost));
        ValidateTls(h1.TlsConfig, d);
        ValidateDial(h1.DialConfig, d);
    }

    private static void ValidateHttp3(HttpClientSpec client, Http3TransportConfigSpec h3, DiagnosticBag d)
    {
        if (!QuicSupported)
        {
            d.Error(client.PositionOf("http3TransportConfig"), $"{client.Path}.http3TransportConfig: {NoQuic}");
        }

        if (h3.EnableDatagrams)
        {
            d.Error(
                h3.PositionOf("enableDatagrams"),
                $"{h3.Path}.enableDatagrams: HTTP/3 datagrams (RFC 9297) are not implemented by aileron; remove it or set it to false");
        }

        NotNegative(h3, d, ("maxResponseHeaderBytes", h3.MaxResponseHeaderBytes));
        ValidateTls(h3.TlsConfig, d, quic: true);
    }

    private static void ValidateDial(DialConfigSpec? dial, DiagnosticBag d)
    {
        if (dial is null)
        {
            return;
        }

        NotNegative(dial, d, ("timeout", dial.Timeout));
        ValidateTls(dial.TlsConfig, d);
        var seen = new HashSet<(string, int)>();
        for (var i = 0; i < dial.ReplaceTargets.Count; i++)
        {
            var at = dial.PositionOf($"replaceTargets[{i}]");
            if (!ReplaceTarget.TryParse(dial.ReplaceTargets[i], out var rule, out var error))
            {
                d.Error(at, $"{dial.Path}.replaceTargets[{i}]: {error}");
            }
            else if (!seen.Add((rule!.FromHost.ToLowerInvariant(), rule.FromPort)))
            {
                d.Error(at, $"{dial.Path}.replaceTargets[{i}]: {rule.FromHost}:{rule.FromPort} is replaced twice");
            }
        }

        if (dial.LocalAddress.Length > 0 && !LocalAddress.TryParse(dial.LocalAddress, out _, out var localError))
        {
            d.Error(dial.PositionOf("localAddress"), $"{dial.Path}.localAddress: {localError}");
        }
    }

    /// <param name="quic">The TLS of QUIC (HTTP/3): TLS 1.3 only, whose cipher suites are always on, and h3 by ALPN.</param>
    private static void ValidateTls(ClientTlsConfigSpec? tls, DiagnosticBag d, bool quic = false)
    {
        if (tls is null)
        {
            return;
        }

        for (var i = 0; i < tls.RootCAs.Count; i++)
        {
            Try(() => PemFiles.LoadCertificates(tls.RootCAs[i]), tls.PositionOf($"rootCAs[{i}]"), $"{tls.Path}.rootCAs[{i}]", d);
        }

        foreach (var pair in tls.CertKeyPairs)
        {
            if (pair.CertFile.Length == 0 || pair.KeyFile.Length == 0)
            {
                d.Error(pair.Position, $"{pair.Path}: a client certificate needs certFile and keyFile");
                continue;
            }

            Try(() => PemFiles.LoadPair(pair.CertFile, pair.KeyFile).Leaf.Dispose(), pair.PositionOf("certFile"), pair.Path, d);
        }

        if (tls.CertKeyPairs.Count > 1)
        {
            d.Warning(tls.PositionOf("certKeyPairs"), $"{tls.Path}.certKeyPairs: a client offers one certificate: the first is used");
        }

        ValidateVersions(tls, d);
        ValidateClientTlsFields(tls, quic, d);
        if (quic)
        {
            ValidateQuicTls(tls, d);
        }
    }

    private static void ValidateQuicTls(ClientTlsConfigSpec tls, DiagnosticBag d)
    {
        if (tls.MaxVersion == Tls12)
        {
            d.Error(tls.PositionOf("maxVersion"), $"{tls.Path}.maxVersion: {Tls12} (TLS 1.2): QUIC runs over TLS 1.3 only; remove maxVersion or write {Tls13}");
        }

        if (tls.TlsCipher.Count > 0)
        {
            d.Warning(
                tls.PositionOf("tlsCipher"),
                $"{tls.Path}.tlsCipher: has no effect: QUIC runs over TLS 1.3, whose cipher suites are always on (as in Go)");
        }
    }

    private static void ValidateVersions(ClientTlsConfigSpec tls, DiagnosticBag d)
    {
        foreach (var (field, value) in new[] { ("minVersion", tls.MinVersion), ("maxVersion", tls.MaxVersion) })
        {
            if (value is not (0 or Tls12 or Tls13))
            {
                var why = value is >= 768 and < Tls12 ? "SSL 3.0, TLS 1.0 and 1.1 are not offered by aileron" : "not a TLS version";
                d.Error(tls.PositionOf(field), $"{tls.Path}.{field}: {value}: {why}; use {Tls12} (TLS 1.2) or {Tls13} (TLS 1.3)");
            }
        }

        if (tls.MinVersion != 0 && tls.MaxVersion != 0 && tls.MinVersion > tls.MaxVersion)
        {
            d.Error(tls.PositionOf("minVersion"), $"{tls.Path}.minVersion: {tls.MinVersion} is above maxVersion {tls.MaxVersion}");
        }
    }

    private static void ValidateClientTlsFields(ClientTlsConfigSpec tls, bool quic, DiagnosticBag d)
    {
        if (tls.InsecureSkipVerify)
        {
            d.Warning(
                tls.PositionOf("insecureSkipVerify"),
                $"{tls.Path}.insecureSkipVerify: the upstream's certificate is NOT checked: anyone on the path can read and change this traffic; trust its CA with rootCAs instead");
        }

        foreach (var field in ServerSideFields.Where(tls.IsSet))
        {
            d.Warning(tls.PositionOf(field), $"{tls.Path}.{field}: a server-side field: it has no effect on a connection to an upstream");
        }

        var alpn = quic ? QuicAlpn : Alpn;
        for (var i = 0; i < tls.NextProtos.Count; i++)
        {
            var at = tls.PositionOf($"nextProtos[{i}]");
            if (!alpn.Contains(tls.NextProtos[i]))
            {
                d.Error(at, $"{tls.Path}.nextProtos[{i}]: '{tls.NextProtos[i]}': aileron offers only what its transport speaks ({string.Join(", ", alpn)})");
            }
        }

        for (var i = 0; i < tls.TlsCipher.Count; i++)
        {
            if (!CipherSuites.TryParse(tls.TlsCipher[i], out _))
            {
                d.Error(tls.PositionOf($"tlsCipher[{i}]"), $"{tls.Path}.tlsCipher[{i}]: '{tls.TlsCipher[i]}' is not a TLS 1.2 cipher suite aileron knows");
            }
        }

        // QUIC's suites are TLS 1.3's, which no platform restricts: tlsCipher is then only warned about.
        if (tls.TlsCipher.Count > 0 && OperatingSystem.IsWindows() && !quic)
        {
            d.Error(tls.PositionOf("tlsCipher"), $"{tls.Path}.tlsCipher: this platform cannot restrict cipher suites; remove tlsCipher");
        }
    }

    private static void Try(Action load, SourcePosition at, string path, DiagnosticBag d)
    {
        try
        {
            load();
        }
        catch (TlsLoadException e)
        {
            d.Error(at, $"{path}: {e.Message}");
        }
    }

    private static void NotNegative(ConfigNode node, DiagnosticBag d, params (string Field, long Value)[] fields)
    {
        foreach (var (field, value) in fields)
        {
            if (value < 0)
            {
                d.Error(node.PositionOf(field), $"{node.Path}.{field}: {value} must be 0 or more");
            }
        }
    }

    /// <summary>Puts back the assumption <see cref="AssumeQuic"/> replaced.</summary>
    private sealed class Restore(bool? previous) : IDisposable
    {
        public void Dispose() => AssumedQuic.Value = previous;
    }
}
