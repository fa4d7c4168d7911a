using Aileron.Configuration.Model;
using Aileron.Health;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Health;

public sealed class ActiveHealthCheckerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedProbe _probe = new();
    private readonly List<(ActiveHealth From, ActiveHealth To)> _changes = [];
    private ActiveHealthChecker? _checker;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_checker is not null)
        {
            await _checker.DisposeAsync();
        }
    }

    private ActiveHealthChecker Start(UpstreamSpec? spec = null)
    {
        spec ??= new UpstreamSpec { Url = "http://localhost:8001", EnableActive = true };
        _checker = new ActiveHealthChecker(spec, _probe.ProbeAsync, _time, (c, from) => _changes.Add((from, c.State)));
        _checker.Start();
        return _checker;
    }

    private void Seconds(double seconds) => _time.Advance(TimeSpan.FromSeconds(seconds));

    private void ProbeTimes(int count, bool up)
    {
        _probe.Up = up;
        for (var i = 0; i < count; i++)
        {
            Seconds(1);
        }
    }

    [Fact]
    public void The_first_probe_waits_for_the_initial_delay_then_probes_repeat_every_interval()
    {
        Start(new UpstreamSpec { Url = "http://localhost:8001", EnableActive = true, InitialDelay = 5, HealthCheckInterval = 3 });

        _time.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _probe.Calls);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _probe.Calls);
        Seconds(2.9);
        Assert.Equal(1, _probe.Calls);
        Seconds(0.1);
        Assert.Equal(2, _probe.Calls);
        Seconds(9);
        Assert.Equal(5, _probe.Calls);
    }

    [Fact]
    public void Without_an_initial_delay_the_first_probe_runs_at_once()
    {
        var checker = Start();

        Assert.Equal(1, _probe.Calls);
        Assert.Equal(ActiveHealth.Healthy, checker.State);
    }

    [Fact]
    public void An_upstream_is_unknown_until_probed_and_counts_as_up_meanwhile()
    {
        var checker = Start(new UpstreamSpec { Url = "http://localhost:8001", EnableActive = true, InitialDelay = 10 });

        Assert.Equal(ActiveHealth.Unknown, checker.State);
        Assert.Null(checker.Last);
    }

    [Fact]
    public void One_failed_probe_is_not_enough_to_mark_unhealthy_and_two_are()
    {
        _probe.Up = false;
        var checker = Start();

        Assert.Equal(1, _probe.Calls);
        Assert.Equal(ActiveHealth.Unknown, checker.State);
        Seconds(1);

        Assert.Equal(ActiveHealth.Unhealthy, checker.State);
        Assert.Equal([(ActiveHealth.Unknown, ActiveHealth.Unhealthy)], _changes);
        Assert.Equal("connection refused", checker.Last!.Value.Result.Detail);
    }

    [Fact]
    public void An_unhealthy_upstream_comes_back_after_two_passing_probes()
    {
        var checker = Start();
        ProbeTimes(2, up: false);

        ProbeTimes(1, up: true);
        Assert.Equal(ActiveHealth.Unhealthy, checker.State);
        ProbeTimes(1, up: true);

        Assert.Equal(ActiveHealth.Healthy, checker.State);
        Assert.Equal((ActiveHealth.Unhealthy, ActiveHealth.Healthy), _changes[^1]);
    }

    [Fact]
    public void A_pass_between_failures_starts_the_count_again()
    {
        var checker = Start();

        ProbeTimes(1, up: false);
        ProbeTimes(1, up: true);
        ProbeTimes(1, up: false);

        Assert.Equal(ActiveHealth.Healthy, checker.State);
        Assert.Equal(1, checker.ConsecutiveFailures);
    }

    [Fact]
    public void The_thresholds_come_from_the_config()
    {
        var checker = Start(new UpstreamSpec
        {
            Url = "http://localhost:8001", EnableActive = true, UnhealthyThreshold = 3, HealthyThreshold = 1,
        });

        ProbeTimes(2, up: false);
        Assert.NotEqual(ActiveHealth.Unhealthy, checker.State);
        ProbeTimes(1, up: false);
        Assert.Equal(ActiveHealth.Unhealthy, checker.State);
        ProbeTimes(1, up: true);
        Assert.Equal(ActiveHealth.Healthy, checker.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Stopping_or_cancelling_the_start_token_ends_the_probes(bool byToken)
    {
        using var cancel = new CancellationTokenSource();
        _checker = new ActiveHealthChecker(new UpstreamSpec { Url = "http://localhost:8001", EnableActive = true }, _probe.ProbeAsync, _time);
        _checker.Start(cancel.Token);
        Seconds(2);
        var before = _probe.Calls;

        await (byToken ? cancel.CancelAsync() : _checker.StopAsync());
        Seconds(10);

        Assert.Equal(before, _probe.Calls);
    }

    [Fact]
    public async Task A_probe_slower_than_the_interval_is_not_overlapped_by_the_next()
    {
        var calls = 0;
        var slow = new TaskCompletionSource<HealthProbeResult>();
        _checker = new ActiveHealthChecker(
            new UpstreamSpec { Url = "http://localhost:8001", EnableActive = true },
            _ => Interlocked.Increment(ref calls) == 1 ? slow.Task : Task.FromResult(HealthProbeResult.Up(TimeSpan.Zero, "HTTP 200")),
            _time);
        _checker.Start();

        Seconds(3);
        Assert.Equal(1, Volatile.Read(ref calls));

        slow.SetResult(HealthProbeResult.Up(TimeSpan.FromSeconds(3.5), "HTTP 200"));
        await Eventually.True(() => _checker.Probes == 1, "the slow probe to be recorded");
        Seconds(1);

        Assert.Equal(2, Volatile.Read(ref calls));
    }
}
