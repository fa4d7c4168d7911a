namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>core/v1 HTTPClient</c>, which a ReverseProxyHandler's <c>roundTripper</c> names:
/// the transport to its upstreams (one of HTTP/1.1 or HTTP/2; HTTP/3 is refused) and its retries.
/// </summary>
[NotSupportedFields("tripperwares")]
[RefusedFields("HTTP/3 to upstreams is not supported: it needs libmsquic, which this system lacks (QuicConnection.IsSupported is false); use http2TransportConfig", "http3TransportConfig")]
internal sealed record HttpClientSpec : ConfigNode
{
    public RetryConfigSpec? RetryConfig { get; init; }

    public HttpTransportConfigSpec? HttpTransportConfig { get; init; }

    public Http2TransportConfigSpec? Http2TransportConfig { get; init; }

    /// <summary>The TLS settings of whichever transport is set, the dialer's first, as AILERON picks them.</summary>
    public ClientTlsConfigSpec? Tls =>
        HttpTransportConfig is { } h1 ? h1.DialConfig?.TlsConfig ?? h1.TlsConfig
        : Http2TransportConfig is { } h2 ? h2.DialConfig?.TlsConfig ?? h2.TlsConfig
        : null;

    /// <summary>The dialer of whichever transport is set.</summary>
    public DialConfigSpec? Dial => HttpTransportConfig?.DialConfig ?? Http2TransportConfig?.DialConfig;
}
