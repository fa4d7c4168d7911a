using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Health;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Health;

public sealed class HealthProbeTests(StatusServerFixture fixture) : IClassFixture<StatusServerFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly HealthProbe _probe = new();

    public void Dispose() => _probe.Dispose();

    private Task<HealthProbeResult> Probe(string address, TimeSpan? timeout = null) =>
        _probe.ProbeAsync(HealthProbeTarget.Parse(address), timeout ?? Timeout, CancellationToken.None);

    [Theory]
    [InlineData(200, true)]
    [InlineData(204, true)]
    [InlineData(301, true)]
    [InlineData(304, true)]
    [InlineData(404, false)]
    [InlineData(500, false)]
    [InlineData(503, false)]
    public async Task Two_and_three_hundreds_are_up_and_other_statuses_down(int status, bool up)
    {
        var result = await Probe($"{fixture.Server.Url}/status/{status}");

        Assert.Equal(up, result.Healthy);
        Assert.Equal($"HTTP {status}", result.Detail);
        Assert.True(result.Latency > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_redirect_is_judged_by_itself_and_not_followed()
    {
        var followed = 0;
        await using var server = await TestHttpServer.StartAsync(context =>
        {
            if (context.Request.Path == "/broken")
            {
                Interlocked.Increment(ref followed);
                context.Response.StatusCode = 500;
            }
            else
            {
                context.Response.Redirect("/broken");
            }

            return Task.CompletedTask;
        });

        var result = await Probe(server.Url + "/");

        Assert.True(result.Healthy);
        Assert.Equal("HTTP 302", result.Detail);
        Assert.Equal(0, Volatile.Read(ref followed));
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/")]
    [InlineData("tcp://127.0.0.1:{0}")]
    public async Task A_refused_connection_is_down(string address)
    {
        var result = await Probe(string.Format(System.Globalization.CultureInfo.InvariantCulture, address, TestHttpServer.ClosedPort()));

        Assert.False(result.Healthy);
        Assert.Equal("connection refused", result.Detail);
    }

    [Fact]
    public async Task An_upstream_that_accepts_but_never_answers_is_down_when_the_timeout_passes()
    {
        using var listener = TestHttpServer.SilentListener(out var port);

        var result = await Probe($"http://127.0.0.1:{port}/", TimeSpan.FromMilliseconds(200));

        Assert.False(result.Healthy);
        Assert.Equal("timed out after 200ms", result.Detail);
    }

    [Fact]
    public async Task A_tcp_target_is_up_when_it_accepts_a_connection()
    {
        using var listener = TestHttpServer.SilentListener(out var port);

        var result = await Probe($"tcp://127.0.0.1:{port}");

        Assert.True(result.Healthy);
        Assert.Equal("connected", result.Detail);
    }

    [Fact]
    public async Task Cancelling_the_caller_throws_instead_of_reporting_a_timeout()
    {
        using var listener = TestHttpServer.SilentListener(out var port);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _probe.ProbeAsync(HealthProbeTarget.Parse($"http://127.0.0.1:{port}/"), Timeout, cancel.Token));
    }

    [Fact]
    public async Task The_coordinator_with_the_real_probe_takes_an_unreachable_upstream_out()
    {
        var server = fixture.Server;
        var dead = $"http://127.0.0.1:{TestHttpServer.ClosedPort()}";
        var spec = new LoadBalancerSpec
        {
            Upstreams =
            [
                new UpstreamSpec { Url = server.Url, EnableActive = true, UnhealthyThreshold = 1 },
                new UpstreamSpec { Url = dead, EnableActive = true, UnhealthyThreshold = 1 },
            ],
        };
        await using var coordinator = new HealthCoordinator(spec.CreateBalancer(RandomSource.CreateUnseeded()), spec, new CollectingLogger());

        coordinator.Start();

        await Eventually.True(() => !coordinator.Balancer.Upstreams[1].IsHealthy, "the dead upstream to be marked down");
        Assert.Equal([server.Url], Enumerable.Range(0, 4).Select(_ => coordinator.Balancer.Pick(RequestKey.None)!.Url).Distinct());
        Assert.Equal("connection refused", coordinator.GetState(coordinator.Balancer.Upstreams[1]).LastProbe!.Detail);
    }
}
