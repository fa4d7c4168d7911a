namespace Aileron.Balancing;

/// <summary>
/// Weighted random: each pick draws an upstream with probability weight / total weight, from the
/// load balancer's <see cref="RandomSource"/> (seeded in <c>simulate</c> and tests, so runs repeat).
/// </summary>
internal sealed class RandomBalancer(IReadOnlyList<Upstream> active, BalancerContext context) : WeightedSnapshot(active, context)
{
    public static BalancerSnapshot Build(IReadOnlyList<Upstream> active, BalancerContext context) =>
        active.Count == 0 ? EmptySnapshot.Instance : new RandomBalancer(active, context);

    public override Upstream? Pick(in RequestKey key) => PickAtRandom();
}
