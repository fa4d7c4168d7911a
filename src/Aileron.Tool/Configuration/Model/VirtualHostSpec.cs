namespace Aileron.Configuration.Model;

[NotSupportedFields("middleware")]
internal sealed record VirtualHostSpec : ConfigNode
{
    /// <summary>Exact host names; empty means any host.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>A path prefix joined in front of every handler's pattern.</summary>
    public string Pattern { get; init; } = string.Empty;

    public IReadOnlyList<HttpMethodName> Methods { get; init; } = [];

    public IReadOnlyList<HandlerSpec> Handlers { get; init; } = [];
}
