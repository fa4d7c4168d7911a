using System.Text.Json.Serialization;

namespace Aileron.Admin;

/// <summary>
/// What <c>aileron upstreams</c> shows and what the admin endpoint's <c>GET /upstreams</c>
/// serves: every load balancer with its upstreams; probe results with <c>--probe</c>, live health
/// from a running <c>serve</c>. Written and read by <see cref="UpstreamsJson"/>, printed as tables
/// by the <c>upstreams</c> command; the JSON shape is documented in docs/cli.md and stays stable.
/// </summary>
internal sealed record UpstreamsReport(IReadOnlyList<BalancerReport> LoadBalancers)
{
    /// <summary>Every upstream whose probe (from <c>--probe</c>) says down.</summary>
    [JsonIgnore]
    public IEnumerable<UpstreamReport> Down =>
        LoadBalancers.SelectMany(lb => lb.Upstreams).Where(u => u.Probe is { IsUp: false });
}
