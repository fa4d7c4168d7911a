namespace Aileron.Configuration.Model;

/// <summary>A virtual host's handler with its ReverseProxyHandler resolved.</summary>
internal sealed record HandlerConfig(HandlerSpec Spec, ResourceId HandlerId, IReadOnlyList<LoadBalancerConfig> LoadBalancers);
