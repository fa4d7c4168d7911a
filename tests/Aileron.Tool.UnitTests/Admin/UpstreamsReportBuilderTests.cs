using Aileron.Admin;
using Aileron.Health;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Admin;

public sealed class UpstreamsReportBuilderTests
{
    [Fact]
    public void A_share_is_the_weight_over_the_sum_of_enabled_weights()
    {
        var config = TestYaml.Load(TestYaml.WithHandler("""
                - upstreams:
                    - url: http://a.test:8001
                      weight: 0
                    - url: http://b.test:8002
                      weight: 2
                    - url: http://c.test:8003
                      weight: -1
            """)).Config!;

        var upstreams = UpstreamsReportBuilder.FromConfig(config).LoadBalancers[0].Upstreams;

        Assert.Equal(
            [("http://a.test:8001", 1, true, 0.3333), ("http://b.test:8002", 2, true, 0.6667), ("http://c.test:8003", -1, false, 0)],
            upstreams.Select(u => (u.Url, u.Weight, u.Enabled, u.Share)));
    }

    [Fact]
    public async Task Live_state_comes_from_the_coordinator_of_each_load_balancer()
    {
        await using var live = LiveHealth.Start(TestYaml.WithHandler("""
                - upstreams:
                    - url: http://a.test:8001
                      enablePassive: true
                    - url: http://b.test:8002
            """));
        live.Report(0, ForwardOutcome.ServerError, 5);

        var lb = live.Report().LoadBalancers[0];

        Assert.False(lb.Panicking);
        Assert.Equal(
            [(false, PassiveHealth.Ejected, 5L), (true, PassiveHealth.Off, 0L)],
            lb.Upstreams.Select(u => (u.Health!.Healthy, u.Health.Passive, u.Health.Failures)));
    }

    [Fact]
    public void Without_a_coordinator_a_load_balancer_has_no_live_health()
    {
        var config = TestYaml.Load(TestYaml.WithHandler("""
                - upstreams:
                    - url: http://a.test:8001
            """)).Config!;

        var lb = UpstreamsReportBuilder.Live(config, []).LoadBalancers[0];

        Assert.Null(lb.Panicking);
        Assert.Null(lb.Upstreams[0].Health);
    }
}
