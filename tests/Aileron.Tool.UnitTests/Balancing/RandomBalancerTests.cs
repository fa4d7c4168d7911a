using Aileron.Balancing;

namespace Aileron.Tests.Balancing;

public sealed class RandomBalancerTests
{
    [Fact]
    public void Picks_honour_the_weights_within_statistical_bounds()
    {
        var counts = Engines.Count(Engines.Create(LbAlgorithm.Random, 5, 1, 1), 70_000);

        // More than five standard deviations wide: a seeded run never grazes it.
        Engines.AssertWeightShares(counts, [5, 1, 1], 0.01);
    }

    [Fact]
    public void The_same_seed_gives_the_same_sequence_and_another_seed_another()
    {
        var spec = Engines.Spec(LbAlgorithm.Random, Engines.Equal(5));
        string Run(ulong seed)
        {
            var balancer = spec.CreateBalancer(new RandomSource(seed));
            return string.Concat(Enumerable.Range(0, 40).Select(_ => balancer.Pick(default)!.Index));
        }

        Assert.Equal(Run(3), Run(3));
        Assert.NotEqual(Run(3), Run(4));
    }
}
