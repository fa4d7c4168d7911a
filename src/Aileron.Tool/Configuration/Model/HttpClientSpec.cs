namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>core/v1 HTTPClient</c>, which a ReverseProxyHandler's <c>roundTripper</c> names:
/// the transport to its upstreams (one of HTTP/1.1, HTTP/2 or HTTP/3, a oneof in AILERON) and its retries.
/// </summary>
[NotSupportedFields("tripperwares")]
internal sealed record HttpClientSpec : ConfigNode
{
    public RetryConfigSpec? RetryConfig { get; init; }

    public HttpTransportConfigSpec? HttpTransportConfig { get; init; }

    public Http2TransportConfigSpec? Http2TransportConfig { get; init; }

    /// <summary>HTTP/3 over QUIC, where the machine has libmsquic (the validator refuses it elsewhere).</summary>
    public Http3TransportConfigSpec? Http3TransportConfig { get; init; }

    /// <summary>The TLS settings of whichever transport is set, the dialer's first, as AILERON picks them.</summary>
    public ClientTlsConfigSpec? Tls =>
        HttpTransportConfig is { } h1 ? h1.DialConfig?.TlsConfig ?? h1.TlsConfig
        : Http2TransportConfig is { } h2 ? h2.DialConfig?.TlsConfig ?? h2.TlsConfig
        : Http3TransportConfig?.TlsConfig;

    /// <summary>The dialer of whichever transport is set; HTTP/3 has none (QUIC does not dial TCP).</summary>
    public DialConfigSpec? Dial => HttpTransportConfig?.DialConfig ?? Http2TransportConfig?.DialConfig;
}
