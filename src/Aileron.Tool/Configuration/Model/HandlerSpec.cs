namespace Aileron.Configuration.Model;

/// <summary>One handler of a virtual host (AILERON's HTTPHandlerSpec).</summary>
[NotSupportedFields("middleware")]
internal sealed record HandlerSpec : ConfigNode
{
    /// <summary>Path pattern the handler is registered on; empty means every path.</summary>
    public string Pattern { get; init; } = string.Empty;

    public ResourceReference? Handler { get; init; }
}
