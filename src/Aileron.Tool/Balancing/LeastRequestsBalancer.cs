namespace Aileron.Balancing;

/// <summary>
/// Least requests: the upstream with the fewest requests in flight per unit of weight, so in-flight
/// load settles in proportion to weight. The scan starts at a weighted-random upstream and keeps
/// the first best one it meets, so ties (an idle proxy has nothing but ties) spread by weight rather
/// than all going to the first upstream. A pick scans every upstream: O(N).
/// </summary>
internal sealed class LeastRequestsBalancer(IReadOnlyList<Upstream> active, BalancerContext context) : WeightedSnapshot(active, context)
{
    public static BalancerSnapshot Build(IReadOnlyList<Upstream> active, BalancerContext context) =>
        active.Count == 0 ? EmptySnapshot.Instance : new LeastRequestsBalancer(active, context);

    public override Upstream? Pick(in RequestKey key)
    {
        var upstreams = Weighted.Upstreams;
        var start = Weighted.PickIndex(Random.NextUInt64());
        var best = upstreams[start];
        for (var i = start + 1; i < upstreams.Length; i++)
        {
            best = Less(upstreams[i], best);
        }

        for (var i = 0; i < start; i++)
        {
            best = Less(upstreams[i], best);
        }

        return best;
    }

    /// <summary>The candidate when it is strictly less loaded per weight than the best so far (cross-multiplied: no division).</summary>
    internal static Upstream Less(Upstream candidate, Upstream best) =>
        (long)candidate.InFlight * best.Weight < (long)best.InFlight * candidate.Weight ? candidate : best;
}
