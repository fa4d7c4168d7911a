namespace Aileron.Configuration.Model;

[NotSupportedFields("defaultLogger", "loggers", "defaultErrorHandler", "initializers", "finalizers")]
internal sealed record EntrypointSpec : ConfigNode
{
    /// <summary>The servers to run (HTTPServer resources).</summary>
    public IReadOnlyList<ResourceReference> Runners { get; init; } = [];
}
