namespace Aileron.Configuration.Model;

internal sealed record VirtualHostSpec : ConfigNode
{
    /// <summary>Exact host names; empty means any host.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>A path prefix joined in front of every handler's pattern.</summary>
    public string Pattern { get; init; } = string.Empty;

    public IReadOnlyList<HttpMethodName> Methods { get; init; } = [];

    public IReadOnlyList<HandlerSpec> Handlers { get; init; } = [];

    /// <summary>AILERON's middleware of this virtual host; aileron runs none, so any reference is refused.</summary>
    public IReadOnlyList<ResourceReference> Middleware { get; init; } = [];
}
