using Aileron.Balancing;
using Aileron.Simulation;

namespace Aileron.Tests.Balancing;

public sealed class LeastRequestsBalancerTests
{
    [Fact]
    public void Picks_the_upstream_with_the_fewest_requests_in_flight()
    {
        var balancer = Engines.Create(LbAlgorithm.LeastRequests, 1, 1, 1);
        Load(balancer.Upstreams[0], 3);
        Load(balancer.Upstreams[1], 1);
        Load(balancer.Upstreams[2], 2);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(1, balancer.Pick(default)!.Index);
        }
    }

    [Fact]
    public void In_flight_load_is_compared_per_unit_of_weight()
    {
        var balancer = Engines.Create(LbAlgorithm.LeastRequests, 4, 1);
        Load(balancer.Upstreams[0], 7);
        Load(balancer.Upstreams[1], 2);

        // 7/4 < 2/1: the heavier upstream is the less loaded one.
        Assert.Equal(0, balancer.Pick(default)!.Index);
    }

    [Fact]
    public void Ties_spread_by_weight_instead_of_going_to_the_first_upstream()
    {
        var counts = Engines.Count(Engines.Create(LbAlgorithm.LeastRequests, 2, 1, 1), 40_000);

        Engines.AssertWeightShares(counts, [2, 1, 1], 0.015);
    }

    [Fact]
    public void Under_load_picks_honour_the_weights()
    {
        var report = Simulator.Run(
            new SimulationCase(null, Engines.Spec(LbAlgorithm.LeastRequests, 3, 1)),
            new SimulationSettings { Requests = 100_000, Concurrency = 32 });

        Assert.InRange(report.Upstreams[0].Share, 0.74, 0.76);
    }

    private static void Load(Aileron.Balancing.Upstream upstream, int requests)
    {
        for (var i = 0; i < requests; i++)
        {
            upstream.RequestStarted();
        }
    }
}
