namespace Aileron.Configuration.Model;

/// <summary>
/// A loaded, validated config with defaults filled: what <c>serve</c> runs, what <c>validate --print</c>
/// prints, and what <c>upstreams</c> and <c>simulate</c> read.
/// </summary>
internal sealed record ProxyConfig(
    IReadOnlyList<string> Files,
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<ServerConfig> Servers)
{
    /// <summary>Every load balancer of every ReverseProxyHandler, in config order, each once.</summary>
    public IReadOnlyList<LoadBalancerConfig> LoadBalancers { get; } =
        [.. Servers.SelectMany(s => s.VirtualHosts).SelectMany(v => v.Handlers).SelectMany(h => h.LoadBalancers)
            .DistinctBy(lb => lb.Name)];
}
