namespace Aileron.Configuration.Model;

/// <summary>A certificate (PEM, leaf first, optionally followed by its intermediates) and its PEM private key, by file path.</summary>
internal sealed record CertKeyPairSpec : ConfigNode
{
    public string CertFile { get; init; } = string.Empty;

    public string KeyFile { get; init; } = string.Empty;
}
