using System.Net;
using System.Net.Sockets;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Commands;

/// <summary>The real CLI: exit codes, one-line user errors, signals.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task An_invalid_config_prints_the_validate_diagnostics_and_exits_1()
    {
        using var config = new TempConfig(TestConfig.Simple("- upstreams:\n    - url: ftp://nowhere"));
        await using var aileron = AileronProcess.Start("serve", "-f", config.Path);

        var exit = await aileron.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        Assert.Matches(@$"{Path.GetFileName(config.Path)}:\d+:\d+: error: spec\.loadBalancers\[0\]\.upstreams\[0\]\.url: .*ftp", aileron.Error);
        Assert.DoesNotContain("   at ", aileron.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var config = new TempConfig(TestConfig.Simple(TestConfig.LoadBalancer(["http://127.0.0.1:9"]), $"127.0.0.1:{port}"));
        await using var aileron = AileronProcess.Start("serve", "-f", config.Path);

        var exit = await aileron.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        var line = Assert.Single(aileron.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"aileron: cannot listen on 127.0.0.1:{port} (HTTPServer default/default): address already in use", line);
    }

    [Theory]
    [InlineData("serve")]
    [InlineData("serve", "-f")]
    [InlineData("serve", "-f", "/no/such/file.yaml")]
    [InlineData("serve", "-f", "/no/such/file.yaml", "--admin", "nowhere")]
    [InlineData("serve", "-f", "/no/such/file.yaml", "--io-threads", "0")]
    [InlineData("serve", "-f", "/no/such/file.yaml", "--io-threads", "many")]
    [InlineData("serve", "-f", "/no/such/file.yaml", "--forwarder", "nginx")]
    public async Task A_usage_error_exits_2(params string[] args)
    {
        await using var aileron = AileronProcess.Start(args);

        Assert.Equal(2, await aileron.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Admin_serves_readiness_and_metrics_beside_the_proxy_and_stops_with_it()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        using var config = new TempConfig(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])));
        await using var aileron = AileronProcess.Start("-f", config.Path, "--admin", "127.0.0.1:0");
        var admin = await aileron.WaitForAdminAsync();
        var port = await aileron.WaitForListeningAsync();
        using var client = new HttpClient();

        Assert.Equal("ok", await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")));
        Assert.Equal("ready\n", await client.GetStringAsync(new Uri($"http://127.0.0.1:{admin}/readyz")));
        Assert.Contains(
            $"aileron_requests_total{{code=\"200\",lb=\"default/default[0]\",upstream=\"{upstream.Url}\"}} 1",
            await client.GetStringAsync(new Uri($"http://127.0.0.1:{admin}/metrics")),
            StringComparison.Ordinal);
        aileron.Signal("TERM");

        Assert.Equal(0, await aileron.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.DoesNotContain("loopback", aileron.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bare_aileron_f_serves_and_SIGTERM_drains_the_request_in_flight_then_exits_0()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await TestUpstream.SlowAsync(TimeSpan.FromMilliseconds(800), "finished", received);
        using var config = new TempConfig(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])));
        await using var aileron = AileronProcess.Start("-f", config.Path, "--access-log");
        var port = await aileron.WaitForListeningAsync();
        using var client = new HttpClient();

        var slow = client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/slow"));
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        aileron.Signal("TERM");

        Assert.Equal("finished", await slow);
        Assert.Equal(0, await aileron.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("draining", aileron.Output, StringComparison.Ordinal);
        Assert.Contains("access method=GET path=/slow status=200", aileron.Output, StringComparison.Ordinal);
        Assert.Contains("stopped", aileron.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], 0)]
    [InlineData(new[] { "--io-threads", "1" }, 1)]
    public async Task Io_threads_sets_how_many_socket_event_threads_carry_the_traffic(string[] extra, int expected)
    {
        await using var first = await TestUpstream.AnsweringAsync("ok");
        await using var second = await TestUpstream.AnsweringAsync("ok");
        using var config = new TempConfig(TestConfig.Simple(TestConfig.LoadBalancer([first.Url, second.Url])));
        await using var aileron = AileronProcess.Start(["serve", "-f", config.Path, .. extra]);
        var port = await aileron.WaitForListeningAsync();

        // Several connections each way: with more event threads they would spread over them.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var client = new HttpClient();
            Assert.Equal("ok", await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/")));
        }));

        // 0 stands for the default: one per core.
        Assert.Equal(expected == 0 ? Environment.ProcessorCount : expected, aileron.ThreadsNamed(".NET Sockets"));
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--forwarder", "http1" }, false)]
    [InlineData(new[] { "--forwarder", "yarp" }, true)]
    public async Task Forwarder_chooses_who_forwards_bodiless_requests(string[] extra, bool throughYarp)
    {
        // The two paths differ in one visible way: YARP passes an HTTP/1.1 answer's Trailer header on,
        // aileron's client drops it (Kestrel sends no trailer fields to an HTTP/1.1 client).
        await using var upstream = ScriptedUpstream.Answering("HTTP/1.1 200 OK\r\nTrailer: X-Sum\r\nContent-Length: 2\r\n\r\nok");
        using var config = new TempConfig(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])));
        await using var aileron = AileronProcess.Start(["serve", "-f", config.Path, .. extra]);
        var port = await aileron.WaitForListeningAsync();
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/"));

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(throughYarp, response.Headers.Contains("Trailer"));
    }
}
