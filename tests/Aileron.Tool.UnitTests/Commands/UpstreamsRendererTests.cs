using Aileron.Admin;
using Aileron.Commands;
using Aileron.Health;
using Aileron.Tests.TestSupport;
using Snapshooter.Xunit;

namespace Aileron.Tests.Commands;

public sealed class UpstreamsRendererTests
{
    /// <summary>Upstream 0 healthy, 1 ejected by passive checks, 2 failing active checks (probed at 0 s, 1 s and 2 s), 3 disabled.</summary>
    internal static LiveHealth MixedLiveState()
    {
        var live = LiveHealth.Start(TestYaml.WithHandler("""
                - upstreams:
                    - url: http://a.test:8001
                      enableActive: true
                      enablePassive: true
                    - url: http://b.test:8002
                      enablePassive: true
                    - url: http://c.test:8003
                      enableActive: true
                      healthCheckAddr: tcp://c.test:9003
                    - url: http://d.test:8004
                      weight: -1
            """));
        live.Probes["http://c.test:8003"].Up = false;
        live.Time.Advance(TimeSpan.FromSeconds(2));
        live.Report(0, ForwardOutcome.Success, 40);
        live.Report(0, ForwardOutcome.ServerError, 2);
        live.Report(1, ForwardOutcome.TransportFailure, 5);
        live.Coordinators[0].Balancer.Upstreams[0].RequestStarted();
        return live;
    }

    private static string Table(UpstreamsReport report)
    {
        using var output = new StringWriter();
        UpstreamsRenderer.WriteTable(report, output);
        return output.ToString();
    }

    [Fact]
    public async Task Live_state_shows_health_checks_counts_and_ejections()
    {
        await using var live = MixedLiveState();

        Snapshot.Match(Table(live.Report()));
    }

    [Fact]
    public async Task Panic_mode_is_flagged_on_the_load_balancer_line()
    {
        await using var live = LiveHealth.Start(TestYaml.WithHandler("""
                - upstreams:
                    - url: http://a.test:8001
                      enablePassive: true
            """));
        live.Report(0, ForwardOutcome.ServerError, 5);

        var table = Table(live.Report());

        Assert.StartsWith("default/default[0]  RoundRobin  on :8080  PANIC: no upstream is healthy, traffic spreads over all enabled ones\n", table);
    }
}
