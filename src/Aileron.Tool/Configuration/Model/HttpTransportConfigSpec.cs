namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>kernel.HTTPTransportConfig</c> (Go's <c>http.Transport</c>): HTTP/1.1 to upstreams
/// (HTTP/2 by ALPN over TLS with <see cref="AllowHTTP2"/>). Durations in milliseconds; 0 means none.
/// </summary>
[NotSupportedFields("writeBufferSize", "readBufferSize", "maxIdleConns")]
[RefusedFields("removed from AILERON in v1.0.3, and aileron never dials through a forward proxy", "proxyConnectHeaders")]
internal sealed record HttpTransportConfigSpec : ConfigNode
{
    public ClientTlsConfigSpec? TlsConfig { get; init; }

    public long TlsHandshakeTimeout { get; init; }

    /// <summary>One connection per request, closed after it (<c>Connection: close</c>).</summary>
    public bool DisableKeepAlives { get; init; }

    /// <summary>aileron never asks for compression nor decompresses: it behaves as true either way.</summary>
    public bool DisableCompression { get; init; }

    public int MaxIdleConnsPerHost { get; init; }

    /// <summary>Connections per upstream at most; requests beyond wait for one. 0: no limit.</summary>
    public int MaxConnsPerHost { get; init; }

    public long IdleConnTimeout { get; init; }

    /// <summary>The longest to wait for the response headers after the request was sent.</summary>
    public long ResponseHeaderTimeout { get; init; }

    public long ExpectContinueTimeout { get; init; }

    public long MaxResponseHeaderBytes { get; init; }

    /// <summary>HTTP/2 to https:// upstreams that offer it by ALPN; HTTP/1.1 only when false (the default).</summary>
    public bool AllowHTTP2 { get; init; }

    public DialConfigSpec? DialConfig { get; init; }
}
