namespace Aileron.Configuration.Model;

[NotSupportedFields("errorHandler")]
internal sealed record ReverseProxyHandlerSpec : ConfigNode
{
    /// <summary>
    /// Go ServeMux path patterns (<c>/test/{param}</c>) the handler is registered on, each joined under
    /// the pattern of the virtual host's handler that refers to it; empty: that pattern alone.
    /// </summary>
    public IReadOnlyList<string> Patterns { get; init; } = [];

    /// <summary>The methods the handler answers (intersected with the virtual host's); empty: any.</summary>
    public IReadOnlyList<HttpMethodName> Methods { get; init; } = [];

    /// <summary>Tried in order; the first that matches a request serves it.</summary>
    public IReadOnlyList<LoadBalancerSpec> LoadBalancers { get; init; } = [];

    /// <summary>AILERON's tripperwares (round-trip middleware); aileron runs none, so any reference is refused.</summary>
    public IReadOnlyList<ResourceReference> Tripperwares { get; init; } = [];

    /// <summary>The HTTPClient its upstreams are reached through; none: aileron's default client.</summary>
    public ResourceReference? RoundTripper { get; init; }
}
