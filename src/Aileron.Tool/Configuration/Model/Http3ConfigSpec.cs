namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>spec.http3Config</c>: the server then serves HTTP/3 over QUIC (UDP) on
/// <c>spec.addr</c>, and nothing over TCP, as AILERON does (a second HTTPServer serves TCP).
/// </summary>
[RefusedFields("QUIC tuning is not implemented; remove it (Kestrel's QUIC defaults apply)", "quicConfig")]
internal sealed record Http3ConfigSpec : ConfigNode
{
    public TlsConfigSpec? TlsConfig { get; init; }

    public int MaxHeaderBytes { get; init; }

    /// <summary>Added as an <c>Alt-Svc</c> header to every response.</summary>
    public string AltSvc { get; init; } = string.Empty;
}
