namespace Aileron.Configuration.Model;

/// <summary>A certificate (PEM, leaf first, may hold its chain) and its private key (PEM), by file path.</summary>
internal sealed record ClientCertKeyPairSpec : ConfigNode
{
    public string CertFile { get; init; } = string.Empty;

    public string KeyFile { get; init; } = string.Empty;
}
