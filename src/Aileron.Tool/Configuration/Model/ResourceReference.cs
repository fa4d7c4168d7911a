namespace Aileron.Configuration.Model;

/// <summary>A pointer from one resource to another; a missing or empty name or namespace means <c>default</c>.</summary>
internal sealed record ResourceReference : ConfigNode
{
    public string ApiVersion { get; init; } = string.Empty;

    public string Kind { get; init; } = string.Empty;

    public string Name { get; init => field = Metadata.OrDefault(value); } = Metadata.DefaultName;

    public string Namespace { get; init => field = Metadata.OrDefault(value); } = Metadata.DefaultName;

    public ResourceId Id => new(ApiVersion, Kind, Namespace, Name);
}
