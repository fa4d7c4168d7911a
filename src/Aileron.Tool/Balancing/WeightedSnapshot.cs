namespace Aileron.Balancing;

/// <summary>
/// Base of the snapshots that draw at random by weight: Random, PowerOfTwoChoices and LeastRequests
/// always, the hash algorithms for requests without a key (so those spread evenly instead of piling
/// onto one upstream).
/// </summary>
internal abstract class WeightedSnapshot(IReadOnlyList<Upstream> active, BalancerContext context) : BalancerSnapshot
{
    protected WeightedRandom Weighted { get; } = new(active);

    protected RandomSource Random { get; } = context.Random;

    public override IReadOnlyList<Upstream> Active => Weighted.Upstreams;

    /// <summary>An upstream drawn in proportion to its weight.</summary>
    protected Upstream PickAtRandom() => Weighted.Pick(Random.NextUInt64());
}
