namespace Aileron.Configuration.Model;

/// <summary>One YAML document: a core/v1 resource with its spec bound to the kind's record.</summary>
internal sealed record Resource : ConfigNode
{
    public const string CoreV1 = "core/v1";

    public string ApiVersion { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public Metadata Metadata { get; init; } = new();

    public ConfigNode? Spec { get; init; }

    public ResourceId Id => new(ApiVersion, Kind, Metadata.Namespace, Metadata.Name);
}
