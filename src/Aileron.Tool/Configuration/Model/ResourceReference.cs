namespace Aileron.Configuration.Model;

/// <summary>A pointer from one resource to another; name and namespace default to <c>default</c>.</summary>
internal sealed record ResourceReference : ConfigNode
{
    public string ApiVersion { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public string Name { get; init; } = Metadata.DefaultName;

    public string Namespace { get; init; } = Metadata.DefaultName;

    public ResourceId Id => new(ApiVersion, Kind, Namespace, Name);
}
