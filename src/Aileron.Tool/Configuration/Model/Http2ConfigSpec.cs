namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>spec.http2Config</c>. Present (even <c>{}</c>): HTTP/2 is served, over TLS by ALPN
/// and, with <see cref="EnableH2C"/>, in cleartext. Sizes in bytes, the idle timeout in seconds.
/// </summary>
internal sealed record Http2ConfigSpec : ConfigNode
{
    /// <summary>AILERON's default when 0 (x/net's): streams a client may have open at once on a connection.</summary>
    public const int DefaultMaxConcurrentStreams = 250;

    public long MaxConcurrentStreams { get; init; }

    public long MaxDecoderHeaderTableSize { get; init; }

    public long MaxEncoderHeaderTableSize { get; init; }

    public long MaxReadFrameSize { get; init; }

    public bool PermitProhibitedCipherSuites { get; init; }

    public long IdleTimeout { get; init; }

    public long MaxUploadBufferPerConnection { get; init; }

    public long MaxUploadBufferPerStream { get; init; }

    /// <summary>Cleartext HTTP/2: a client that starts with the HTTP/2 preface (prior knowledge) is served HTTP/2.</summary>
    public bool EnableH2C { get; init; }

    /// <summary>Declared by AILERON, read by nothing there.</summary>
    public string AltSvc { get; init; } = string.Empty;
}
