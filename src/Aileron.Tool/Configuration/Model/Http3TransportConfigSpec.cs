namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>kernel.HTTP3TransportConfig</c> (quic-go's <c>http3.Transport</c>): HTTP/3 only,
/// over QUIC (UDP) and so over TLS 1.3 only, to https:// upstreams. Needs libmsquic on the machine
/// (the validator says so where it is missing).
/// </summary>
[RefusedFields("QUIC tuning is not implemented; remove it (.NET's QUIC defaults apply)", "quicConfig")]
internal sealed record Http3TransportConfigSpec : ConfigNode
{
    public ClientTlsConfigSpec? TlsConfig { get; init; }

    /// <summary>aileron never asks for compression nor decompresses: it behaves as true either way.</summary>
    public bool DisableCompression { get; init; }

    /// <summary>HTTP/3 datagrams (RFC 9297): not implemented, so true is an error rather than silently off.</summary>
    public bool EnableDatagrams { get; init; }

    /// <summary>The largest response header section accepted, in bytes; 0: the default (64 KiB).</summary>
    public long MaxResponseHeaderBytes { get; init; }
}
