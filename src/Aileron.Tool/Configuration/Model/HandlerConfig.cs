namespace Aileron.Configuration.Model;

/// <summary>A virtual host's handler with its ReverseProxyHandler resolved.</summary>
/// <param name="Patterns">The ReverseProxyHandler's own <c>patterns</c>, joined under the handler's pattern; empty: the handler's pattern alone.</param>
/// <param name="Methods">The ReverseProxyHandler's own <c>methods</c>; empty: any.</param>
internal sealed record HandlerConfig(
    HandlerSpec Spec,
    ResourceId HandlerId,
    IReadOnlyList<LoadBalancerConfig> LoadBalancers,
    IReadOnlyList<string>? Patterns = null,
    IReadOnlyList<HttpMethodName>? Methods = null);
