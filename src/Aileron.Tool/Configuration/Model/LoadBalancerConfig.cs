namespace Aileron.Configuration.Model;

/// <summary>A load balancer of a loaded config, with a stable name for logs, admin and simulate.</summary>
/// <param name="Name">The handler's namespace/name and the balancer's index: <c>default/default[0]</c>.</param>
/// <param name="Client">The HTTPClient of the handler's roundTripper; null: aileron's default client.</param>
internal sealed record LoadBalancerConfig(string Name, ResourceId Handler, int Index, LoadBalancerSpec Spec, HttpClientConfig? Client = null);
