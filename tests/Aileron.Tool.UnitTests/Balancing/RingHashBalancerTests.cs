using Aileron.Balancing;

namespace Aileron.Tests.Balancing;

public sealed class RingHashBalancerTests
{
    private static RingHashBalancer Build(int minRing, params int[] weights) =>
        (RingHashBalancer)RingHashBalancer.Build(Engines.Upstreams(weights), new BalancerContext(new RandomSource(1), minRing));

    [Theory]
    [InlineData(1024, 5)]
    [InlineData(65536, 5)]
    [InlineData(1024, 1000)]
    [InlineData(7, 3)]
    public void The_ring_holds_at_least_the_minimum_points_and_equal_weights_get_equal_points(int minRing, int count)
    {
        var ring = Build(minRing, Engines.Equal(count));

        Assert.InRange(ring.RingSize, minRing, minRing + count);
        Assert.Single(ring.PointsPerUpstream.Distinct());
    }

    [Fact]
    public void Points_are_proportional_to_weight()
    {
        var ring = Build(1000, 5, 1, 1);

        Assert.Equal([715, 143, 143], ring.PointsPerUpstream);
    }

    [Fact]
    public void A_key_goes_to_the_first_point_at_or_after_its_hash_wrapping_around()
    {
        // A tiny ring makes the bucket index hold several points per bucket and forces wrap-around.
        foreach (var ring in new[] { Build(3, 1, 1, 1), Build(50, 2, 1), Build(65536, Engines.Equal(5)) })
        {
            var points = Points(ring);
            var hashes = points.Select(p => p.Hash).ToArray();
            for (var i = 0; i < 5_000; i++)
            {
                var key = Engines.Key(i);
                var at = Array.BinarySearch(hashes, key.Hash);
                at = at >= 0 ? at : ~at;
                Assert.Same(points[at == hashes.Length ? 0 : at].Owner, ring.Pick(key));
            }

            var last = points[^1];
            Assert.Same(last.Owner, ring.Pick(new RequestKey(last.Hash, true)));
            Assert.Same(points[0].Owner, ring.Pick(new RequestKey(ulong.MaxValue, true)));
        }
    }

    [Fact]
    public void With_default_settings_five_upstreams_are_within_10_percent_of_their_share()
    {
        var report = Engines.Simulate(LbAlgorithm.RingHash, Engines.Equal(5), 1_000_000);

        Assert.True(report.Imbalance <= 1.10, $"imbalance {report.Imbalance}");
    }

    [Fact]
    public void Removing_one_of_five_upstreams_moves_about_a_fifth_of_keys_and_at_most_a_quarter()
    {
        foreach (var removed in new[] { 1, 3, 5 })
        {
            var report = Engines.Simulate(LbAlgorithm.RingHash, Engines.Equal(5), 100_000, [$"{removed}"]);

            Assert.InRange(report.Moved!.Value, 0.17, 0.25);

            // Only the removed upstream's keys move: exactly its share.
            Assert.Equal(report.Upstreams[removed - 1].Share, report.Moved.Value, 6);
        }
    }

    [Fact]
    public void Removing_one_of_ten_moves_about_a_tenth()
    {
        var report = Engines.Simulate(LbAlgorithm.RingHash, Engines.Equal(10), 100_000, ["4"]);

        Assert.InRange(report.Moved!.Value, 0.08, 0.12);
    }

    [Fact]
    public void An_upstream_going_down_leaves_the_ring_scale_unchanged()
    {
        var balancer = Engines.Create(LbAlgorithm.RingHash, Engines.Equal(5));
        var before = ((RingHashBalancer)balancer.Snapshot).PointsPerUpstream[0];

        balancer.SetHealthy(balancer.Upstreams[4], false);

        var after = (RingHashBalancer)balancer.Snapshot;
        Assert.Equal(before, after.PointsPerUpstream[0]);
        Assert.Equal(4, after.Active.Count);
    }

    private static List<(ulong Hash, Upstream Owner)> Points(RingHashBalancer ring)
    {
        // Rebuild the sorted ring independently of the bucket index, from Envoy's point names.
        var list = new List<(ulong, Upstream)>();
        foreach (var (upstream, count) in ring.Active.Zip(ring.PointsPerUpstream))
        {
            for (var i = 0; i < count; i++)
            {
                list.Add((KeyHasher.Hash($"{upstream.Url}_{i}"), upstream));
            }
        }

        return [.. list.OrderBy(p => p.Item1)];
    }
}
