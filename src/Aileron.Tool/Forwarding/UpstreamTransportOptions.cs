using System.Net.Security;

namespace Aileron.Forwarding;

/// <summary>
/// One HTTPClient resource, as the forwarders read it: TLS, protocol, pool, dial and retry settings.
/// Built from the config (Hosting/UpstreamTransportFactory) when a config loads or reloads.
/// </summary>
internal sealed record UpstreamTransportOptions
{
    /// <summary>The HTTPClient's namespace/name, for logs.</summary>
    public required string Name { get; init; }

    /// <summary>Certificates, trust, versions, ciphers for https:// upstreams; the target host is set per connection.</summary>
    public SslClientAuthenticationOptions? Tls { get; init; }

    /// <summary>The name sent as SNI and verified (and so the Host header the upstream gets); null: the URL's host.</summary>
    public string? ServerName { get; init; }

    public bool InsecureSkipVerify { get; init; }

    /// <summary>http2TransportConfig: HTTP/2 only (h2 by ALPN over TLS).</summary>
    public bool Http2Only { get; init; }

    /// <summary>http3TransportConfig: HTTP/3 only, over QUIC, to https:// upstreams (the validator refuses http:// ones).</summary>
    public bool Http3Only { get; init; }

    /// <summary>http2TransportConfig.allowHTTP: http:// upstreams get HTTP/2 with prior knowledge (h2c).</summary>
    public bool H2c { get; init; }

    /// <summary>httpTransportConfig.allowHTTP2: https:// upstreams get HTTP/2 when they offer it by ALPN.</summary>
    public bool AllowHttp2 { get; init; }

    public UpstreamDialer Dialer { get; init; } = UpstreamDialer.Direct;

    public TimeSpan? TlsHandshakeTimeout { get; init; }

    public TimeSpan? IdleTimeout { get; init; }

    public TimeSpan? ResponseHeaderTimeout { get; init; }

    public TimeSpan? ExpectContinueTimeout { get; init; }

    /// <summary>HTTP/2 PING after this much silence (readIdleTimeout), and how long it may go unanswered (pingTimeout).</summary>
    public TimeSpan? PingDelay { get; init; }

    public TimeSpan? PingTimeout { get; init; }

    /// <summary>0: no limit.</summary>
    public int MaxConnectionsPerHost { get; init; }

    /// <summary>0: the default.</summary>
    public int MaxIdlePerHost { get; init; }

    /// <summary>0: the default (64 KiB).</summary>
    public long MaxResponseHeaderBytes { get; init; }

    public bool DisableKeepAlives { get; init; }

    public RetrySettings? Retry { get; init; }

    /// <summary>
    /// The HTTP version of a request to an https:// (<paramref name="tls"/>) or http:// upstream, as
    /// AILERON's transports speak: HTTP/3 only with http3TransportConfig (straight to QUIC, without
    /// waiting for an Alt-Svc), HTTP/2 with prior knowledge (h2c) to http:// with allowHTTP, HTTP/2
    /// only over TLS with http2TransportConfig, HTTP/2 when offered with allowHTTP2, else HTTP/1.1.
    /// </summary>
    public (Version Version, HttpVersionPolicy Policy) VersionFor(bool tls) => (tls, this) switch
    {
        (true, { Http3Only: true }) => (System.Net.HttpVersion.Version30, HttpVersionPolicy.RequestVersionExact),
        (false, { H2c: true }) or (true, { Http2Only: true }) => (System.Net.HttpVersion.Version20, HttpVersionPolicy.RequestVersionExact),
        (true, { AllowHttp2: true }) => (System.Net.HttpVersion.Version20, HttpVersionPolicy.RequestVersionOrLower),
        _ => (System.Net.HttpVersion.Version11, HttpVersionPolicy.RequestVersionOrLower),
    };

    /// <summary>
    /// Whether aileron's HTTP/1.1 client carries this client's plain HTTP/1.1 requests: it honours
    /// the dialer, idle timeout, idle limit and keep-alive off; anything else (HTTP/2 and h2c, HTTP/3,
    /// a connection limit, a response-header timeout or limit, retried statuses) sends every request through YARP.
    /// </summary>
    public bool Http1Capable =>
        !Http2Only && !Http3Only && MaxConnectionsPerHost == 0 && ResponseHeaderTimeout is null && MaxResponseHeaderBytes == 0
        && (Retry is null || Retry.StatusCodes.Count == 0);
}
