namespace Aileron.Configuration.Model;

[NotSupportedFields("logger", "errorHandler")]
internal sealed record Metadata : ConfigNode
{
    public const string DefaultName = "default";

    /// <summary>Missing or empty means <c>default</c>, as in AILERON.</summary>
    public string Name { get; init => field = OrDefault(value); } = DefaultName;

    /// <summary>Missing or empty means <c>default</c>, as in AILERON.</summary>
    public string Namespace { get; init => field = OrDefault(value); } = DefaultName;

    /// <summary>AILERON's rule for names and namespaces of resources and references: empty is <c>default</c>.</summary>
    public static string OrDefault(string? value) => string.IsNullOrEmpty(value) ? DefaultName : value;
}
