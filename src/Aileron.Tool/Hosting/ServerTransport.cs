using System.Net;
using System.Net.Security;
using Aileron.Configuration.Model;
using Aileron.Configuration.Validation;
using Aileron.Tls;

namespace Aileron.Hosting;

/// <summary>
/// How one HTTPServer speaks to its clients, read from AILERON's <c>httpConfig</c>,
/// <c>http2Config</c> and <c>http3Config</c> (already validated): TLS or not, which HTTP versions,
/// who may connect and how many at once, and the per-request rules Go's <c>http.Server</c> applies.
/// </summary>
internal sealed record ServerTransport
{
    /// <summary>The listener's TLS; null for cleartext.</summary>
    public TlsConfigSpec? Tls { get; init; }

    /// <summary>HTTP/2 offered by ALPN on a TLS listener: <c>http2Config</c> present, or <c>allowHTTP2</c>.</summary>
    public bool Http2OverTls { get; init; }

    /// <summary>
    /// HTTP/2 with prior knowledge on a cleartext listener: with <c>http2Config</c>, as its
    /// <c>enableH2C</c> says (AILERON); without one, on (aileron's default, a superset of AILERON's).
    /// </summary>
    public bool CleartextHttp2 { get; init; }

    /// <summary>HTTP/3 over QUIC only (<c>http3Config</c>).</summary>
    public bool Http3 { get; init; }

    /// <summary>Client address blocks allowed to connect; empty: any.</summary>
    public IReadOnlyList<IPNetwork> Networks { get; init; } = [];

    /// <summary>Connections open at once; 0: no limit.</summary>
    public int ConnectionLimit { get; init; }

    public KeepAliveConfigSpec? TcpKeepAlive { get; init; }

    /// <summary>From a request's start until its body is read whole; null: none.</summary>
    public TimeSpan? ReadTimeout { get; init; }

    /// <summary>From a request's start until its response is written whole; null: none.</summary>
    public TimeSpan? WriteTimeout { get; init; }

    /// <summary>An <c>Alt-Svc</c> value added to every response; empty: none.</summary>
    public string AltSvc { get; init; } = string.Empty;

    public bool DisableKeepAlive { get; init; }

    /// <summary><c>OPTIONS *</c> answered 200 by the server.</summary>
    public bool GeneralOptionsHandler { get; init; }

    public Http2ConfigSpec? Http2 { get; init; }

    public bool IsTls => Tls is not null;

    public static ServerTransport From(HttpServerSpec spec)
    {
        if (spec.Http3Config is { } http3)
        {
            return new ServerTransport { Tls = http3.TlsConfig, Http3 = true, AltSvc = http3.AltSvc };
        }

        var http = spec.HttpConfig;
        var listen = http?.ListenConfig;
        return new ServerTransport
        {
            Tls = listen?.TlsConfig,
            Http2OverTls = ServerTransportValidator.Http2OverTls(spec),
            CleartextHttp2 = spec.Http2Config is not { } http2 || http2.EnableH2C,
            Networks = [.. (listen?.Networks ?? []).Select(n => NetworkBlock.TryParse(n, out var block, out _) ? block : default)],
            ConnectionLimit = Math.Max(listen?.ConnectionLimit ?? 0, 0),
            TcpKeepAlive = listen?.KeepAliveConfig,
            ReadTimeout = ServerTransportNormalizer.RequestTimeout(http?.ReadTimeout),
            WriteTimeout = ServerTransportNormalizer.RequestTimeout(http?.WriteTimeout),
            AltSvc = http?.AltSvc ?? string.Empty,
            DisableKeepAlive = http?.DisableKeepAlive == true,
            GeneralOptionsHandler = http?.EnableGeneralOptionsHandler == true,
            Http2 = spec.Http2Config,
        };
    }

    /// <summary>The listener's TLS as files and switches; null for cleartext.</summary>
    public TlsServerSettings? TlsSettings()
    {
        if (Tls is not { } tls)
        {
            return null;
        }

        TlsVersions.TryProtocols(tls.MinVersion, tls.MaxVersion, out var protocols, out _, out _);
        var suites = tls.TlsCipher.Select(c => CipherNames.Resolve(c.ToString()).Suite).OfType<TlsCipherSuite>().ToList();
        return new TlsServerSettings
        {
            Pairs = [.. tls.CertKeyPairs.Select(p => (p.CertFile, p.KeyFile))],
            ClientCaFiles = tls.ClientCAs,
            ClientCertificates = tls.ClientAuth switch
            {
                ClientAuthType.RequestClientCert => new(Request: true, Require: false, Verify: false),
                ClientAuthType.RequireAnyClientCert => new(Request: true, Require: true, Verify: false),
                ClientAuthType.VerifyClientCertIfGiven => new(Request: true, Require: false, Verify: true),
                ClientAuthType.RequireAndVerifyClientCert => new(Request: true, Require: true, Verify: true),
                _ => ClientCertificatePolicy.None,
            },
            Protocols = protocols,
            CipherSuites = tls.TlsCipher.Count > 0 ? suites : null,
            AllowResumption = !tls.SessionTicketsDisabled,
            ApplicationProtocols = Http3 ? [SslApplicationProtocol.Http3]
                : Http2OverTls ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]
                : [SslApplicationProtocol.Http11],
        };
    }
}
