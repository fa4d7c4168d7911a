namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>kernel.HTTP2TransportConfig</c> (x/net's <c>http2.Transport</c>): HTTP/2 only, over
/// TLS to https:// upstreams, and with <see cref="AllowHTTP"/> cleartext HTTP/2 with prior knowledge
/// (h2c) to http:// ones: what gRPC upstreams speak. Durations in milliseconds; 0 means none.
/// </summary>
[NotSupportedFields(
    "maxReadFrameSize", "maxDecoderHeaderTableSize", "maxEncoderHeaderTableSize", "strictMaxConcurrentStreams",
    "writeByteTimeout", "minLookupInterval")]
[RefusedFields("the multi-IP connection pool is not implemented by aileron; list each upstream address under upstreams instead", "multiIPConnPool")]
internal sealed record Http2TransportConfigSpec : ConfigNode
{
    public ClientTlsConfigSpec? TlsConfig { get; init; }

    /// <summary>aileron never asks for compression nor decompresses: it behaves as true either way.</summary>
    public bool DisableCompression { get; init; }

    /// <summary>http:// upstreams get HTTP/2 with prior knowledge (h2c).</summary>
    public bool AllowHTTP { get; init; }

    public long MaxHeaderListSize { get; init; }

    public long IdleConnTimeout { get; init; }

    /// <summary>A connection silent this long is sent a PING (HTTP/2 keep-alive).</summary>
    public long ReadIdleTimeout { get; init; }

    /// <summary>How long a PING may go unanswered before the connection is closed; 0: 15 s.</summary>
    public long PingTimeout { get; init; }

    public DialConfigSpec? DialConfig { get; init; }
}
