namespace Aileron.Configuration.Model;

[NotSupportedFields("logger")]
internal sealed record Metadata : ConfigNode
{
    public const string DefaultName = "default";

    public string Name { get; init; } = DefaultName;

    public string Namespace { get; init; } = DefaultName;
}
