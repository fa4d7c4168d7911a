using System.Net;
using System.Net.Sockets;
using Aileron.Hosting;
using Aileron.Observability;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Reload;

/// <summary>
/// <see cref="ProxyHost.ReloadAsync"/>: a new config takes over whole, requests running finish on
/// the old one, health carries over, listeners are bound and unbound, and what cannot be applied
/// safely is refused or reported as needing a restart.
/// </summary>
public sealed class ReloadTests
{
    [Fact]
    public async Task New_requests_go_to_the_new_upstreams_while_a_request_running_finishes_on_the_old_one()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var old = await TestUpstream.StartAsync(async c =>
        {
            received.TrySetResult();
            await release.Task;
            await c.Response.WriteAsync("old");
        });
        await using var next = await TestUpstream.AnsweringAsync("new");
        await using var proxy = await TestProxy.OverAsync([old]);
        var oldUpstream = proxy.Host.Coordinators[0].Balancer.Upstreams[0];

        var running = proxy.Client.GetStringAsync("/");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var result = await proxy.Host.ReloadAsync(TestConfig.Load(TestConfig.Simple(TestConfig.LoadBalancer([next.Url]))));

        Assert.True(result.Applied, result.Rejection);
        Assert.Equal("new", await proxy.Client.GetStringAsync("/"));
        release.SetResult();
        Assert.Equal("old", await running);
        await Eventually.True(() => oldUpstream.InFlight == 0, "the old request to end");
        Assert.Equal(next.Url, Assert.Single(proxy.Host.Coordinators[0].Balancer.Upstreams).Url);
    }

    [Fact]
    public async Task The_old_config_is_retired_when_its_last_request_ends_with_no_clock_running()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var old = await TestUpstream.StartAsync(async c =>
        {
            received.TrySetResult();
            await release.Task;
            await c.Response.WriteAsync("old");
        });
        await using var next = await TestUpstream.AnsweringAsync("new");
        // A clock that never moves: the retirement can only be told by the request that ends, not found by a poll.
        await using var proxy = await TestProxy.OverAsync([old], options: new ProxyHostOptions { Time = new FakeTimeProvider() });
        var oldRuntime = proxy.Host.Runtime;

        var running = proxy.Client.GetStringAsync("/");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True((await proxy.Host.ReloadAsync(TestConfig.Load(TestConfig.Simple(TestConfig.LoadBalancer([next.Url]))))).Applied);
        Assert.False(oldRuntime.IsDisposed);
        release.SetResult();

        Assert.Equal("old", await running);
        await Eventually.True(() => oldRuntime.IsDisposed, "the old config to be retired once its request ended");
    }

    [Fact]
    public async Task A_thousand_reloads_that_rename_upstreams_leave_no_pools_or_destinations_behind()
    {
        var upstreams = await TestUpstream.ServersAsync(3);
        try
        {
            await using var proxy = await TestProxy.OverAsync([upstreams[0]]);
            var http1 = proxy.Host.Clients.Forwarders.Http1!;
            for (var i = 0; i < 1000; i++)
            {
                var url = $"{upstreams[i % 3].Url}/r{i}";
                var result = await proxy.Host.ReloadAsync(TestConfig.Load(TestConfig.Simple(TestConfig.LoadBalancer([url]))));
                Assert.True(result.Applied, result.Rejection);
                using var response = await proxy.Client.GetAsync("/");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // What is left: the upstream serving now, and at most the one before it while it retires.
            await Eventually.True(() => http1.DestinationCount <= 2 && http1.PoolCount <= 2, $"the retired upstreams' destinations and pools to go (destinations {http1.DestinationCount}, pools {http1.PoolCount})");
        }
        finally
        {
            foreach (var upstream in upstreams)
            {
                await upstream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_ejected_upstream_stays_ejected_across_a_reload_that_keeps_its_url()
    {
        const string Passive = "enablePassive: true, consecutiveFailures: 2, baseEjectionTime: 30s";
        await using var failing = await TestUpstream.StartAsync(c =>
        {
            c.Response.StatusCode = 500;
            return Task.CompletedTask;
        });
        await using var steady = await TestUpstream.AnsweringAsync("steady");
        await using var added = await TestUpstream.AnsweringAsync("added");
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(TestConfig.LoadBalancer([failing.Url, steady.Url], upstreamFields: Passive)));
        for (var i = 0; i < 6; i++)
        {
            using var response = await proxy.Client.GetAsync("/");
        }

        Assert.False(proxy.Host.Coordinators[0].Balancer.Upstreams[0].IsHealthy);

        var result = await proxy.Host.ReloadAsync(TestConfig.Load(TestConfig.Simple(
            TestConfig.LoadBalancer([added.Url, failing.Url, steady.Url], upstreamFields: Passive))));

        Assert.True(result.Applied, result.Rejection);
        var upstreams = proxy.Host.Coordinators[0].Balancer.Upstreams;
        Assert.Equal([true, false, true], upstreams.Select(u => u.IsHealthy));
        var bodies = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            bodies.Add(await proxy.Client.GetStringAsync("/"));
        }

        Assert.Equal(["added", "steady"], bodies.Distinct().Order());
    }

    [Fact]
    public async Task A_server_added_by_the_new_config_is_bound_and_one_it_drops_is_drained_and_closed()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        var lines = new LogCapture();
        await using var log = new ProxyLog(lines, LogLevel.Information, LogFormat.Text, TimeProvider.System);
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])), new ProxyHostOptions { Log = log });
        var first = proxy.BaseAddress.Port;
        var second = TestHttpServer.ClosedPort();

        var both = await proxy.Host.ReloadAsync(TestConfig.Load(TwoServers(upstream.Url, "127.0.0.1:0", $"127.0.0.1:{second}")));
        using var client = new HttpClient();

        Assert.True(both.Applied, both.Rejection);
        Assert.Equal([$"127.0.0.1:{second}"], both.Bound);
        Assert.Equal("ok", await client.GetStringAsync(new Uri($"http://127.0.0.1:{second}/")));
        Assert.Equal("ok", await client.GetStringAsync(new Uri($"http://127.0.0.1:{first}/")));

        var onlySecond = await proxy.Host.ReloadAsync(TestConfig.Load(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]), $"127.0.0.1:{second}")));

        Assert.True(onlySecond.Applied, onlySecond.Rejection);
        Assert.Equal(["127.0.0.1:0"], onlySecond.Unbound);
        Assert.Equal("ok", await client.GetStringAsync(new Uri($"http://127.0.0.1:{second}/")));
        await Eventually.True(() => Refuses(first), "the dropped listener to close");
        // The log's writer puts lines out in the background.
        await Eventually.True(
            () => lines.Text.Contains("stopped listening: the config no longer has this address", StringComparison.Ordinal), "the line saying so");
    }

    [Fact]
    public async Task A_listener_that_cannot_be_bound_rejects_the_whole_reload_and_the_old_config_serves_on()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("old");
        await using var other = await TestUpstream.AnsweringAsync("new");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var proxy = await TestProxy.OverAsync([upstream]);

        var result = await proxy.Host.ReloadAsync(TestConfig.Load(TwoServers(other.Url, "127.0.0.1:0", $"127.0.0.1:{port}")));

        Assert.False(result.Applied);
        Assert.Equal(
            $"cannot listen on 127.0.0.1:{port} (HTTPServer default/second): address already in use: changing this listener needs a restart",
            result.Rejection);
        Assert.Equal("old", await proxy.Client.GetStringAsync("/"));
        Assert.Single(proxy.Host.Servers);
    }

    [Fact]
    public async Task Client_limits_of_the_policy_apply_at_once_and_kestrel_limits_are_reported_as_needing_a_restart()
    {
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            await c.Request.Body.CopyToAsync(Stream.Null);
            await c.Response.WriteAsync("ok");
        });
        var lines = new LogCapture();
        await using var log = new ProxyLog(lines, LogLevel.Information, LogFormat.Text, TimeProvider.System);
        var yaml = TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]));
        await using var proxy = await TestProxy.StartAsync(yaml, new ProxyHostOptions { Log = log });

        var result = await proxy.Host.ReloadAsync(TestConfig.Load(
            TestConfig.WithServerFields(yaml, "maxRequestBodySize: 100\nkeepAliveTimeout: 10s\nmaxRequestHeadersSize: 8192")));
        using var big = await proxy.Client.PostAsync("/", new ByteArrayContent(new byte[200]));

        Assert.True(result.Applied, result.Rejection);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Equal(
            ["maxRequestHeadersSize (HTTPServer default/default)", "keepAliveTimeout (HTTPServer default/default)"],
            result.RestartNeeded);
        await Eventually.True(
            () => lines.Text.Contains("warn  changed but only applied by a restart field=\"keepAliveTimeout (HTTPServer default/default)\"", StringComparison.Ordinal),
            "the restart warning");
    }

    private static bool Refuses(int port)
    {
        using var socket = new TcpClient();
        try
        {
            socket.Connect(IPAddress.Loopback, port);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    /// <summary>Two HTTPServers, <c>default</c> and <c>second</c>, on these addresses, one handler over the upstream.</summary>
    private static string TwoServers(string upstream, string firstAddr, string secondAddr) =>
        TestConfig.Servers(("default", firstAddr), ("second", secondAddr)) + TestConfig.Handler("default", TestConfig.LoadBalancer([upstream]));
}
