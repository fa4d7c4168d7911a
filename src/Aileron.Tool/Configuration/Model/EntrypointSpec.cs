namespace Aileron.Configuration.Model;

[NotSupportedFields("defaultLogger", "loggers", "errorHandlers", "initializers", "finalizers")]
internal sealed record EntrypointSpec : ConfigNode
{
    /// <summary>The servers to run (HTTPServer resources).</summary>
    public IReadOnlyList<ResourceReference> Runners { get; init; } = [];

    /// <summary>The ErrorHandler that writes every error answer of every server; none: AILERON's default format.</summary>
    public ResourceReference? DefaultErrorHandler { get; init; }
}
