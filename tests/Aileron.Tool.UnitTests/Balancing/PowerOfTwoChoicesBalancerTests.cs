using Aileron.Balancing;
using Aileron.Simulation;

namespace Aileron.Tests.Balancing;

public sealed class PowerOfTwoChoicesBalancerTests
{
    [Fact]
    public void A_loaded_upstream_is_picked_only_when_both_draws_land_on_it()
    {
        var balancer = Engines.Create(LbAlgorithm.PowerOfTwoChoices, 1, 1, 1);
        for (var i = 0; i < 100; i++)
        {
            balancer.Upstreams[0].RequestStarted();
        }

        var counts = Engines.Count(balancer, 90_000);

        // Both draws hit upstream 1 with probability 1/9.
        Assert.InRange(counts[0], 9_000, 11_000);
    }

    [Fact]
    public void Of_two_draws_the_less_loaded_per_weight_wins()
    {
        var balancer = Engines.Create(LbAlgorithm.PowerOfTwoChoices, 1, 1);
        balancer.Upstreams[1].RequestStarted();

        // Upstream 2 wins only when both draws are upstream 2: a quarter of the time.
        var counts = Engines.Count(balancer, 40_000);

        Assert.InRange(counts[1], 9_300, 10_700);
    }

    [Fact]
    public void Under_load_picks_honour_the_weights()
    {
        var report = Simulator.Run(
            new SimulationCase(null, Engines.Spec(LbAlgorithm.PowerOfTwoChoices, 3, 1)),
            new SimulationSettings { Requests = 100_000 });

        Assert.InRange(report.Upstreams[0].Share, 0.73, 0.77);
    }

    [Fact]
    public void When_idle_draws_spread_by_weight()
    {
        var counts = Engines.Count(Engines.Spec(LbAlgorithm.PowerOfTwoChoices, 3, 1).CreateBalancer(new RandomSource(9)), 40_000);

        Assert.InRange(counts[0], 29_000, 31_000);
    }
}
