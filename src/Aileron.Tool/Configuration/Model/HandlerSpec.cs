namespace Aileron.Configuration.Model;

/// <summary>One handler of a virtual host (AILERON's HTTPHandlerSpec).</summary>
internal sealed record HandlerSpec : ConfigNode
{
    /// <summary>Path pattern the handler is registered on; empty means every path.</summary>
    public string Pattern { get; init; } = string.Empty;

    public ResourceReference? Handler { get; init; }

    /// <summary>AILERON's middleware of this handler; aileron runs none, so any reference is refused.</summary>
    public IReadOnlyList<ResourceReference> Middleware { get; init; } = [];
}
