namespace Aileron.Configuration.Model;

/// <summary>A resolved HTTPClient: what a load balancer's upstreams are reached through.</summary>
internal sealed record HttpClientConfig(ResourceId Id, HttpClientSpec Spec)
{
    public string Name => $"{Id.Namespace}/{Id.Name}";
}
