namespace Aileron.Configuration.Model;

[NotSupportedFields("errorHandler", "patterns", "methods")]
internal sealed record ReverseProxyHandlerSpec : ConfigNode
{
    /// <summary>Tried in order; the first that matches a request serves it.</summary>
    public IReadOnlyList<LoadBalancerSpec> LoadBalancers { get; init; } = [];

    /// <summary>AILERON's tripperwares (round-trip middleware); aileron runs none, so any reference is refused.</summary>
    public IReadOnlyList<ResourceReference> Tripperwares { get; init; } = [];

    /// <summary>AILERON's upstream transport (an HTTPClient); aileron does not run one, so a reference is refused.</summary>
    public ResourceReference? RoundTripper { get; init; }
}
