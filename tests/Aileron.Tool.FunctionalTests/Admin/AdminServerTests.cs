using System.Net;
using Aileron.Admin;
using Aileron.Health;
using Aileron.Hosting;
using Aileron.Hosting.Listening;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

using static Aileron.Tests.TestSupport.PrometheusText;

namespace Aileron.Tests.Admin;

/// <summary>The admin listener of <c>serve --admin</c>: live upstream state, Prometheus metrics, liveness and readiness.</summary>
public sealed class AdminServerTests
{
    private const string Lb = "lb=default/default[0]";
    private const string EjectOnFirstFailure = "enablePassive: true, consecutiveFailures: 1, baseEjectionTime: 1m";

    [Fact]
    public async Task Metrics_count_requests_by_upstream_and_code_time_them_and_show_health_and_requests_in_flight()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var live = await TestUpstream.StartAsync(async c =>
        {
            if (c.Request.Path == "/app/slow")
            {
                received.TrySetResult();
                await release.Task;
            }

            await c.Response.WriteAsync("ok");
        });
        var dead = TestHttpServer.ClosedPortUrl();
        await using var proxy = await TestProxy.StartAsync(
            TestConfig.Simple(TestConfig.LoadBalancer([live.Url, dead], "pathMatcher: {match: /app, matchType: Prefix}", EjectOnFirstFailure)),
            TestProxy.WithAdmin());

        var before = await ScrapeAsync(proxy);
        Assert.Equal(1, Value(before, "aileron_upstream_healthy", Lb, $"upstream={dead}"));
        Assert.Null(Value(before, "aileron_requests_total", $"upstream={live.Url}"));

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("ok", await proxy.Client.GetStringAsync("/app"));
        }

        using (var notFound = await proxy.Client.GetAsync("/other"))
        {
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        }

        // A request is counted once its exchange is over, which can be just after the client has its answer.
        var after = await ScrapeUntilAsync(
            proxy,
            m => Value(m, "aileron_requests_total", Lb, $"upstream={live.Url}", "code=200") == 4
                && Value(m, "aileron_requests_total", "lb=", "upstream=", "code=404") == 1);
        Assert.Equal(4, Value(after, "aileron_requests_total", Lb, $"upstream={live.Url}", "code=200"));
        Assert.Null(Value(after, "aileron_requests_total", $"upstream={dead}"));
        Assert.Equal(1, Value(after, "aileron_requests_total", "lb=", "upstream=", "code=404"));
        Assert.Equal(4, Value(after, "aileron_request_duration_seconds_count", Lb, $"upstream={live.Url}", "code_class=2xx"));
        Assert.Equal(4, Value(after, "aileron_request_duration_seconds_bucket", Lb, $"upstream={live.Url}", "code_class=2xx", "le=+Inf"));
        Assert.Equal(0, Value(after, "aileron_upstream_healthy", Lb, $"upstream={dead}"));
        Assert.Equal(1, Value(after, "aileron_upstream_healthy", Lb, $"upstream={live.Url}"));
        Assert.Equal(1, Value(after, "aileron_upstream_ejections_total", Lb, $"upstream={dead}"));
        Assert.Equal(0, Value(after, "aileron_load_balancer_panicking", Lb));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["aileron_load_balancer_panicking"] = "gauge",
                ["aileron_request_duration_seconds"] = "histogram",
                ["aileron_requests_total"] = "counter",
                ["aileron_upstream_ejections_total"] = "counter",
                ["aileron_upstream_healthy"] = "gauge",
                ["aileron_upstream_in_flight"] = "gauge",
                ["aileron_upstream_resolve_failures_total"] = "counter",
            },
            Types(after));

        var slow = proxy.Client.GetStringAsync("/app/slow");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, Value(await ScrapeAsync(proxy), "aileron_upstream_in_flight", Lb, $"upstream={live.Url}"));
        release.SetResult();
        Assert.Equal("ok", await slow);
        // The slot is released just after the answer is written, so the client can read the scrape first.
        var done = await ScrapeUntilAsync(proxy, m => Value(m, "aileron_requests_total", Lb, $"upstream={live.Url}", "code=200") == 5
            && Value(m, "aileron_upstream_in_flight", Lb, $"upstream={live.Url}") == 0);
        Assert.Equal(0, Value(done, "aileron_upstream_in_flight", Lb, $"upstream={live.Url}"));
        Assert.Equal(5, Value(done, "aileron_requests_total", Lb, $"upstream={live.Url}", "code=200"));
    }

    [Fact]
    public async Task Upstreams_serves_the_live_state_of_every_upstream_as_json()
    {
        await using var live = await TestUpstream.AnsweringAsync("ok");
        var dead = TestHttpServer.ClosedPortUrl();
        await using var proxy = await TestProxy.StartAsync(
            TestConfig.Simple(TestConfig.LoadBalancer([live.Url, dead], upstreamFields: EjectOnFirstFailure)), TestProxy.WithAdmin());
        var before = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("ok", await proxy.Client.GetStringAsync("/"));
        }

        // The slot of the last request is released just after its answer is written.
        await Eventually.True(() => proxy.Host.LoadBalancers.Values.Single().Balancer.Upstreams[0].InFlight == 0, "the request slot to be released");
        using var response = await proxy.AdminClient!.GetAsync("/upstreams");
        var json = await response.Content.ReadAsStringAsync();
        var after = DateTimeOffset.UtcNow;

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var lb = Assert.Single(UpstreamsJson.Read(json).LoadBalancers);
        Assert.Equal(("default/default[0]", "RoundRobin", false), (lb.Name, lb.Algorithm, lb.Panicking));
        var up = lb.Upstreams[0].Health!;
        Assert.Equal((true, ActiveHealth.Off, PassiveHealth.Ok, 3L, 0L, 0, (DateTimeOffset?)null), (up.Healthy, up.Active, up.Passive, up.Requests, up.Failures, up.InFlight, up.EjectedUntil));
        var down = lb.Upstreams[1].Health!;
        Assert.Equal((false, PassiveHealth.Ejected, 1L, 1L, 1), (down.Healthy, down.Passive, down.Failures, down.Ejections, down.ConsecutiveFailures));
        // Ejected for baseEjectionTime (1m) from the moment of its failure, which lies between the two readings.
        Assert.InRange(down.EjectedUntil!.Value, before.AddMinutes(1), after.AddMinutes(1));
        Assert.Contains("\"ejectedUntil\": null", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_is_503_until_every_listener_is_bound_and_again_while_draining_and_healthz_is_200_throughout()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            received.TrySetResult();
            await release.Task;
            await c.Response.WriteAsync("done");
        });
        await using var host = new ProxyHost(TestConfig.Load(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]))), TestProxy.WithAdmin());

        await host.StartAdminAsync();
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Admin!.Port}") };
        await AssertAnswer(admin, "/readyz", HttpStatusCode.ServiceUnavailable, "not ready: starting\n");
        await AssertAnswer(admin, "/healthz", HttpStatusCode.OK, "ok\n");

        await host.StartAsync();
        await AssertAnswer(admin, "/readyz", HttpStatusCode.OK, "ready\n");

        using var client = new HttpClient();
        var slow = client.GetStringAsync(new Uri($"http://127.0.0.1:{host.Servers[0].Port}/"));
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = host.StopAsync();
        await AssertAnswer(admin, "/readyz", HttpStatusCode.ServiceUnavailable, "not ready: draining\n");
        await AssertAnswer(admin, "/healthz", HttpStatusCode.OK, "ok\n");

        release.SetResult();
        Assert.Equal("done", await slow);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(host.IsReady);
    }

    [Fact]
    public async Task An_admin_address_in_use_is_a_one_line_listen_error()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        Assert.True(Aileron.Configuration.Model.ListenAddress.TryParse($"127.0.0.1:{port}", out var address, out _));
        await using var host = new ProxyHost(
            TestConfig.Load(TestConfig.Simple(TestConfig.LoadBalancer(["http://127.0.0.1:9"]))), new ProxyHostOptions { Admin = address });

        var error = await Assert.ThrowsAsync<ListenException>(() => host.StartAsync());

        Assert.Equal($"cannot listen on 127.0.0.1:{port} (admin listener): address already in use", error.Message);
        Assert.False(host.IsReady);
    }

    [Fact]
    public async Task The_admin_listener_is_off_unless_asked_for()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.OverAsync([upstream]);

        Assert.Null(proxy.Host.Admin);
        Assert.Null(proxy.AdminClient);
    }

    /// <summary>Scrapes until <paramref name="done"/> holds (or 10 s pass, and returns the last scrape for the asserts to explain).</summary>
    private static async Task<string> ScrapeUntilAsync(TestProxy proxy, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var metrics = await ScrapeAsync(proxy);
        while (!done(metrics) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            metrics = await ScrapeAsync(proxy);
        }

        return metrics;
    }

    private static async Task<string> ScrapeAsync(TestProxy proxy)
    {
        using var response = await proxy.AdminClient!.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task AssertAnswer(HttpClient client, string path, HttpStatusCode status, string body)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal((status, body), (response.StatusCode, await response.Content.ReadAsStringAsync()));
    }

}
