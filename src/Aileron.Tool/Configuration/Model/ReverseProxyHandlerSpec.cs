namespace Aileron.Configuration.Model;

[NotSupportedFields("errorHandler", "patterns", "methods", "tripperwares", "roundTripper")]
internal sealed record ReverseProxyHandlerSpec : ConfigNode
{
    /// <summary>Tried in order; the first that matches a request serves it.</summary>
    public IReadOnlyList<LoadBalancerSpec> LoadBalancers { get; init; } = [];
}
