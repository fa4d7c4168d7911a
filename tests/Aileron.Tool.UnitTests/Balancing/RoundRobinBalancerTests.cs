using Aileron.Balancing;

namespace Aileron.Tests.Balancing;

public sealed class RoundRobinBalancerTests
{
    [Fact]
    public void Equal_weights_go_1_to_N_in_order_and_repeat()
    {
        var balancer = Engines.Create(LbAlgorithm.RoundRobin, Engines.Equal(5));

        var picks = Enumerable.Range(0, 10).Select(_ => balancer.Pick(default)!.Index + 1);

        Assert.Equal([1, 2, 3, 4, 5, 1, 2, 3, 4, 5], picks);
    }

    [Fact]
    public void Weights_3_1_interleave_as_a_a_b_a()
    {
        var balancer = Engines.Create(LbAlgorithm.RoundRobin, 3, 1);

        var picks = string.Concat(Enumerable.Range(0, 8).Select(_ => (char)('a' + balancer.Pick(default)!.Index)));

        Assert.Equal("aabaaaba", picks);
    }

    [Theory]
    [InlineData(new[] { 5, 1, 1 })]
    [InlineData(new[] { 3, 1 })]
    [InlineData(new[] { 7, 3, 2, 1 })]
    [InlineData(new[] { 2, 4, 6 })]
    public void Every_cycle_honours_the_weights_exactly(int[] weights)
    {
        var balancer = Engines.Create(LbAlgorithm.RoundRobin, weights);
        var divisor = weights.Aggregate(0, (a, w) => (int)System.Numerics.BigInteger.GreatestCommonDivisor(a, w));
        var cycle = weights.Sum() / divisor;

        for (var round = 0; round < 3; round++)
        {
            var counts = new int[weights.Length];
            for (var i = 0; i < cycle; i++)
            {
                counts[balancer.Pick(default)!.Index]++;
            }

            Assert.Equal(weights.Select(w => w / divisor), counts);
        }
    }
}
