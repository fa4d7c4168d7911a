using Aileron.Admin;
using Aileron.Health;
using Aileron.Tests.TestSupport;
using Snapshooter.Xunit;

namespace Aileron.Tests.Admin;

public sealed class UpstreamsJsonTests
{
    private static string Json(UpstreamsReport report)
    {
        using var output = new StringWriter();
        UpstreamsJson.Write(report, output);
        return output.ToString();
    }

    [Fact]
    public async Task Live_state_is_written_in_the_documented_shape()
    {
        await using var live = LiveHealth.Mixed();

        Snapshot.Match(Json(live.Report()));
    }

    [Fact]
    public async Task Live_json_reads_back_to_the_same_report_so_a_client_can_render_it()
    {
        await using var live = LiveHealth.Mixed();
        var json = Json(live.Report());

        var read = UpstreamsJson.Read(json);

        Assert.Equal(json, Json(read));
        Assert.Equal(ActiveHealth.Unhealthy, read.LoadBalancers[0].Upstreams[2].Health!.Active);
    }
}
