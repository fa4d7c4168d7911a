using Aileron.Admin;
using Aileron.Health;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Commands;

/// <summary><c>aileron upstreams --admin URL</c>: the live state of a running serve, read from its admin listener.</summary>
public sealed class UpstreamsAdminTests
{
    [Fact]
    public async Task Shows_each_upstreams_live_health_checks_and_counts_as_a_table()
    {
        await using var live = await TestUpstream.AnsweringAsync("ok");
        var dead = $"http://127.0.0.1:{TestHttpServer.ClosedPort()}";
        await using var proxy = await StartAsync(live.Url, dead);

        var run = await CliRun.RunAsync("upstreams", "--admin", $"http://127.0.0.1:{proxy.Host.Admin!.Port}");

        Assert.Equal((0, string.Empty), (run.ExitCode, run.Error));
        Assert.StartsWith($"default/default[0]  RoundRobin  on 127.0.0.1:0\n  match  path Prefix /\n", run.Output);
        Assert.Matches(@"\n  URL +WEIGHT +SHARE +HEALTH +ACTIVE +PASSIVE +IN-FLIGHT +REQUESTS +FAILURES +EJECTED UNTIL +LAST PROBE\n", run.Output);
        Assert.Matches($@"\n  {live.Url} +1 +50\.0% +up +off +ok +0 +2 +0 +- +-\n", run.Output);
        Assert.Matches($@"\n  {dead} +1 +50\.0% +down +off +ejected +0 +1 +1 +\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ +-\n", run.Output);
    }

    [Fact]
    public async Task Json_is_the_admin_endpoints_report_and_a_bare_port_means_localhost()
    {
        await using var live = await TestUpstream.AnsweringAsync("ok");
        var dead = $"http://127.0.0.1:{TestHttpServer.ClosedPort()}";
        await using var proxy = await StartAsync(live.Url, dead);

        var run = await CliRun.RunAsync("upstreams", "--admin", $"127.0.0.1:{proxy.Host.Admin!.Port}", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var lb = Assert.Single(UpstreamsJson.Read(run.Output).LoadBalancers);
        Assert.Equal([true, false], lb.Upstreams.Select(u => u.Health!.Healthy));
        Assert.Equal(PassiveHealth.Ejected, lb.Upstreams[1].Health!.Passive);
    }

    [Fact]
    public async Task An_admin_endpoint_nothing_listens_on_is_one_line_and_exit_1()
    {
        var port = TestHttpServer.ClosedPort();

        var run = await CliRun.RunAsync("upstreams", "--admin", $"http://127.0.0.1:{port}");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal($"aileron: cannot reach the admin endpoint at http://127.0.0.1:{port}/upstreams: connection refused\n", run.Error);
    }

    [Fact]
    public async Task A_server_that_is_not_an_aileron_admin_listener_is_one_line_and_exit_1()
    {
        await using var other = await TestHttpServer.StartStatusServerAsync();

        var run = await CliRun.RunAsync("upstreams", "--admin", other.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"^aileron: {other.Url}/upstreams did not answer with an upstreams report: .+\n$", run.Error);
    }

    [Theory]
    [InlineData("upstreams", "--admin", "9901", "--probe")]
    [InlineData("upstreams", "--admin", "http://[oops")]
    [InlineData("upstreams", "--admin")]
    public async Task Admin_with_probe_or_without_a_url_is_a_usage_error(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("aileron: ", run.Error);
    }

    /// <summary>A proxy with its admin listener over a live upstream and a dead one, after two requests: the dead one ejected.</summary>
    private static async Task<TestProxy> StartAsync(string live, string dead)
    {
        var proxy = await TestProxy.StartAsync(
            TestConfig.Simple(TestConfig.LoadBalancer(
                [live, dead], upstreamFields: "enablePassive: true, consecutiveFailures: 1, baseEjectionTime: 1m")),
            TestProxy.WithAdmin());
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("ok", await proxy.Client.GetStringAsync("/"));
        }

        return proxy;
    }
}
