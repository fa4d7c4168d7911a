using Aileron.Balancing;

namespace Aileron.Tests.Balancing;

public sealed class WeightedRandomTests
{
    [Theory]
    [InlineData(new[] { 1, 1, 1, 1, 1 })]
    [InlineData(new[] { 3, 1 })]
    [InlineData(new[] { 5, 1, 1 })]
    [InlineData(new[] { 65535, 1, 7, 300 })]
    public void Every_upstream_owns_exactly_its_weight_share_of_the_random_space(int[] weights)
    {
        var upstreams = weights.Select((w, i) => new Upstream(i, $"http://u{i}", w)).ToArray();
        var weighted = new WeightedRandom(upstreams);
        var owned = new double[weights.Length];

        // Each column is 1/n of the space; its coin splits it between the column and its alias.
        // Probing the coin at the column's threshold finds the split exactly.
        var n = weights.Length;
        for (var column = 0; column < n; column++)
        {
            var top = ((((ulong)column << 32) + (ulong)n - 1) / (ulong)n) << 32;
            var own = weighted.PickIndex(top);
            var threshold = FindThreshold(weighted, top, own);
            owned[own] += threshold / 4294967296.0 / n;
            owned[weighted.PickIndex(top | uint.MaxValue)] += (4294967296.0 - threshold) / 4294967296.0 / n;
        }

        var total = (double)weights.Sum();
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(weights[i] / total, owned[i], 6);
        }
    }

    [Fact]
    public void The_same_random_number_draws_the_same_upstream()
    {
        var upstreams = new[] { new Upstream(0, "http://a", 2), new Upstream(1, "http://b", 1) };
        var first = new WeightedRandom(upstreams);
        var second = new WeightedRandom(upstreams);

        for (ulong r = 0; r < 1000; r++)
        {
            var random = r * 0x9E3779B97F4A7C15;
            Assert.Equal(first.PickIndex(random), second.PickIndex(random));
        }
    }

    private static ulong FindThreshold(WeightedRandom weighted, ulong top, int own)
    {
        // The coin keeps the column's own upstream below the threshold: binary-search where that stops.
        ulong lo = 0, hi = 1UL << 32;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (weighted.PickIndex(top | mid) == own)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
