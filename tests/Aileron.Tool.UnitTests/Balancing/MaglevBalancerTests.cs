using Aileron.Balancing;

namespace Aileron.Tests.Balancing;

public sealed class MaglevBalancerTests
{
    private static MaglevBalancer Build(int size, params int[] weights) =>
        (MaglevBalancer)MaglevBalancer.Build(Engines.Upstreams(weights), new BalancerContext(new RandomSource(1), size));

    [Fact]
    public void The_default_table_has_65537_slots_shared_evenly()
    {
        var balancer = Engines.Create(LbAlgorithm.Maglev, Engines.Equal(5));
        var table = (MaglevBalancer)balancer.Snapshot;

        Assert.Equal(65537, table.TableSize);
        Assert.InRange(table.SlotsPerUpstream.Max() - table.SlotsPerUpstream.Min(), 0, 1);
    }

    [Fact]
    public void Slots_follow_the_weights()
    {
        var table = Build(65537, 1, 2);

        Assert.Equal(1.0 / 3, table.SlotsPerUpstream[0] / 65537.0, 3);
    }

    [Fact]
    public void With_a_million_uniform_keys_five_upstreams_are_within_2_percent()
    {
        var report = Engines.Simulate(LbAlgorithm.Maglev, Engines.Equal(5), 1_000_000);

        Assert.True(report.Imbalance <= 1.02, $"imbalance {report.Imbalance}");
    }

    [Fact]
    public void With_a_million_uniform_keys_a_hundred_upstreams_are_within_5_percent()
    {
        var report = Engines.Simulate(LbAlgorithm.Maglev, Engines.Equal(100), 1_000_000);

        Assert.True(report.Imbalance <= 1.05, $"imbalance {report.Imbalance}");
    }

    [Fact]
    public void Weights_1_and_2_split_a_third_and_two_thirds_within_a_hundredth()
    {
        var report = Engines.Simulate(LbAlgorithm.Maglev, [1, 2], 1_000_000);

        Assert.InRange(report.Upstreams[0].Share, 1.0 / 3 - 0.01, 1.0 / 3 + 0.01);
        Assert.InRange(report.Upstreams[1].Share, 2.0 / 3 - 0.01, 2.0 / 3 + 0.01);
    }

    [Fact]
    public void Removing_one_of_five_upstreams_moves_about_a_fifth_of_keys_and_at_most_30_percent()
    {
        foreach (var removed in new[] { 1, 3, 5 })
        {
            var report = Engines.Simulate(LbAlgorithm.Maglev, Engines.Equal(5), 100_000, [$"{removed}"]);

            Assert.InRange(report.Moved!.Value, 0.18, 0.30);
        }
    }

    [Fact]
    public void Removing_one_of_ten_moves_about_a_tenth()
    {
        var report = Engines.Simulate(LbAlgorithm.Maglev, Engines.Equal(10), 100_000, ["7"]);

        Assert.InRange(report.Moved!.Value, 0.08, 0.13);
    }

    [Fact]
    public void The_table_is_a_function_of_urls_and_weights_only()
    {
        var first = Build(251, 2, 1, 1);
        var second = Build(251, 2, 1, 1);

        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(first.Pick(Engines.Key(i))!.Url, second.Pick(Engines.Key(i))!.Url);
        }
    }
}
