using System.Text.Json;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Commands;

/// <summary><c>aileron upstreams --probe</c>: each enabled upstream checked once, against real servers and closed ports.</summary>
public sealed class UpstreamsProbeTests
{
    [Fact]
    public async Task Probe_exits_one_and_names_the_upstream_that_is_down()
    {
        await using var server = await TestHttpServer.StartStatusServerAsync();
        var dead = $"http://127.0.0.1:{TestHttpServer.ClosedPort()}";
        using var config = TempConfig.WithUpstreams($"""
                    - url: {server.Url}
                    - url: {dead}
            """);

        var run = await CliRun.RunAsync("upstreams", "-f", config.Path, "--probe");

        Assert.Equal(1, run.ExitCode);
        Assert.Matches($@"\n  {server.Url} +1  50\.0%  up +\d+\.\d ms  HTTP 200\n", run.Output);
        Assert.Matches($@"\n  {dead} +1  50\.0%  down +\d+\.\d ms  connection refused\n", run.Output);
        Assert.Equal($"aileron: 1 upstream is down: {dead} (connection refused)\n", run.Error);
    }

    [Fact]
    public async Task Probe_exits_zero_when_every_enabled_upstream_is_up_and_skips_disabled_ones()
    {
        await using var server = await TestHttpServer.StartStatusServerAsync();
        using var config = TempConfig.WithUpstreams($"""
                    - url: {server.Url}
                    - url: http://127.0.0.1:{TestHttpServer.ClosedPort()}
                      weight: -1
            """);

        var run = await CliRun.RunAsync("upstreams", "-f", config.Path, "--probe");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"  -1  disabled  - +-  not probed: disabled\n", run.Output);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Probe_checks_the_health_check_addr_when_one_is_set()
    {
        await using var server = await TestHttpServer.StartStatusServerAsync();
        using var listener = TestHttpServer.SilentListener(out var port);
        using var config = TempConfig.WithUpstreams($"""
                    - url: {server.Url}/status/500
                      enableActive: true
                      healthCheckAddr: tcp://127.0.0.1:{port}
            """);

        var run = await CliRun.RunAsync("upstreams", "-f", config.Path, "--probe");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"connected via tcp://127.0.0.1:{port}", run.Output);
    }

    [Fact]
    public async Task Probe_as_json_carries_status_latency_and_detail()
    {
        var dead = $"http://127.0.0.1:{TestHttpServer.ClosedPort()}";
        using var config = TempConfig.WithUpstreams($"""
                    - url: {dead}
            """);

        var run = await CliRun.RunAsync("upstreams", "-f", config.Path, "--probe", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var probe = json.RootElement.GetProperty("loadBalancers")[0].GetProperty("upstreams")[0].GetProperty("probe");
        Assert.Equal(("down", "connection refused", dead), (probe.GetProperty("status").GetString(), probe.GetProperty("detail").GetString(), probe.GetProperty("target").GetString()));
        Assert.True(probe.GetProperty("latencyMs").GetDouble() >= 0);
    }
}
