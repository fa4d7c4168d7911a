using Aileron.Balancing;

namespace Aileron.Tests.Balancing;

public sealed class DirectHashBalancerTests
{
    [Fact]
    public void The_list_repeats_each_upstream_by_its_reduced_weight()
    {
        var balancer = Engines.Create(LbAlgorithm.DirectHash, 6, 2, 2);

        var list = ((DirectHashBalancer)balancer.Snapshot).List.Select(u => u.Index);

        Assert.Equal([0, 0, 0, 1, 2], list);
    }

    [Fact]
    public void A_key_indexes_the_list_directly()
    {
        var balancer = Engines.Create(LbAlgorithm.DirectHash, 3, 1);
        var list = ((DirectHashBalancer)balancer.Snapshot).List;

        for (var i = 0; i < 100; i++)
        {
            var key = Engines.Key(i);
            Assert.Same(list[KeyHasher.Bucket(key.Hash, list.Count)], balancer.Pick(key));
        }
    }

    [Fact]
    public void Keys_spread_by_weight_within_statistical_bounds()
    {
        var counts = Engines.Count(Engines.Create(LbAlgorithm.DirectHash, 5, 1, 1), 70_000);

        Engines.AssertWeightShares(counts, [5, 1, 1], 0.01);
    }
}
