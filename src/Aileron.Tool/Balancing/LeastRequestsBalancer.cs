namespace Aileron.Balancing;

/// <summary>
/// Least requests: the upstream with the fewest requests in flight per unit of weight, so in-flight
/// load settles in proportion to weight. Ties (an idle proxy has nothing but ties) are drawn at
/// random by weight rather than all going to the first upstream. A pick scans every upstream: O(N).
/// </summary>
internal sealed class LeastRequestsBalancer(IReadOnlyList<Upstream> active, BalancerContext context) : WeightedSnapshot(active, context)
{
    public static BalancerSnapshot Build(IReadOnlyList<Upstream> active, BalancerContext context) =>
        active.Count == 0 ? EmptySnapshot.Instance : new LeastRequestsBalancer(active, context);

    public override Upstream? Pick(in RequestKey key)
    {
        // The scan runs in config order so its branches follow the loads, which change slowly, and
        // stay predictable; starting it at a random place instead cost three times as much.
        var upstreams = Weighted.Upstreams;
        var best = 0;
        long bestLoad = upstreams[0].InFlight;
        long bestWeight = upstreams[0].Weight;
        var tiedWeight = bestWeight;
        for (var i = 1; i < upstreams.Length; i++)
        {
            long load = upstreams[i].InFlight;
            long weight = upstreams[i].Weight;
            var difference = (load * bestWeight) - (bestLoad * weight);
            if (difference < 0)
            {
                best = i;
                bestLoad = load;
                bestWeight = weight;
                tiedWeight = weight;
            }
            else if (difference == 0)
            {
                tiedWeight += weight;
            }
        }

        return tiedWeight == bestWeight ? upstreams[best] : PickTie(upstreams, best, bestLoad, bestWeight, tiedWeight);
    }

    /// <summary>The candidate when it is strictly less loaded per weight than the best so far (cross-multiplied: no division).</summary>
    internal static Upstream Less(Upstream candidate, Upstream best) =>
        (long)candidate.InFlight * best.Weight < (long)best.InFlight * candidate.Weight ? candidate : best;

    /// <summary>One of the upstreams as loaded as the best, drawn by weight.</summary>
    private Upstream PickTie(Upstream[] upstreams, int best, long bestLoad, long bestWeight, long tiedWeight)
    {
        var target = (long)(((Random.NextUInt64() >> 32) * (ulong)tiedWeight) >> 32);
        for (var i = best; i < upstreams.Length; i++)
        {
            long weight = upstreams[i].Weight;
            if ((long)upstreams[i].InFlight * bestWeight == bestLoad * weight && (target -= weight) < 0)
            {
                return upstreams[i];
            }
        }

        // Loads moved under the scan: the best found is still a fine answer.
        return upstreams[best];
    }
}
