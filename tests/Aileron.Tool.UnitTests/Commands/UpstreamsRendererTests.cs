using Aileron.Admin;
using Aileron.Commands;
using Aileron.Health;
using Aileron.Tests.TestSupport;
using Snapshooter.Xunit;

namespace Aileron.Tests.Commands;

public sealed class UpstreamsRendererTests
{
    private static string Table(UpstreamsReport report)
    {
        using var output = new StringWriter();
        UpstreamsRenderer.WriteTable(report, output);
        return output.ToString();
    }

    [Fact]
    public async Task Live_state_shows_health_checks_counts_and_ejections()
    {
        await using var live = LiveHealth.Mixed();

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
