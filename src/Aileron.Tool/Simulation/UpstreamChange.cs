using Aileron.Configuration.Model;

namespace Aileron.Simulation;

/// <summary>
/// The change --remove and --add make: upstreams added to the config (a reload) and upstreams taken
/// down (as a failing health check takes them: the engine rebuilds its snapshot without them).
/// </summary>
/// <param name="After">The load balancer with the added upstreams last, so every earlier index is the same upstream as before.</param>
/// <param name="Down">Indexes of the upstreams taken down.</param>
/// <param name="Description">What changed, as a person says it: "remove http://upstream-2, add 1 upstream".</param>
internal sealed record UpstreamChange(LoadBalancerSpec After, IReadOnlyList<int> Down, string Description = "")
{
    /// <summary>Expected shares after the change, by index: weight over the total weight left up.</summary>
    public double[] ExpectedShares()
    {
        var weights = After.Upstreams
            .Select((u, i) => u.IsDisabled || Down.Contains(i) ? 0 : Math.Max(u.Weight, 1))
            .ToArray();
        double total = weights.Sum(w => (long)w);
        return [.. weights.Select(w => total > 0 ? w / total : 0)];
    }
}
