namespace Aileron.Balancing;

/// <summary>
/// Power of two choices: draws two upstreams at random (by weight) and takes the one with fewer
/// requests in flight per unit of weight. Nearly as even as least requests, in O(1), and without
/// the herd that always sending to the single least loaded upstream causes across many proxies.
/// </summary>
internal sealed class PowerOfTwoChoicesBalancer(IReadOnlyList<Upstream> active, BalancerContext context)
    : WeightedSnapshot(active, context)
{
    public static BalancerSnapshot Build(IReadOnlyList<Upstream> active, BalancerContext context) =>
        active.Count == 0 ? EmptySnapshot.Instance : new PowerOfTwoChoicesBalancer(active, context);

    public override Upstream? Pick(in RequestKey key)
    {
        // One draw from the shared source, and a second derived from it, halves the atomic traffic.
        var random = Random.NextUInt64();
        var first = Weighted.Pick(random);
        var second = Weighted.Pick(RandomSource.Remix(random));
        return LeastRequestsBalancer.Less(second, first);
    }
}
