using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Health;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Health;

public sealed class HealthCoordinatorTests : IAsyncLifetime
{
    private static readonly string[] Urls = ["http://a.test:8001", "http://b.test:8002", "http://c.test:8003"];
    private readonly FakeTimeProvider _time = new();
    private readonly CollectingLogger _logger = new();
    private readonly Dictionary<string, ScriptedProbe> _probes = Urls.ToDictionary(u => u, _ => new ScriptedProbe());
    private HealthCoordinator? _coordinator;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
        }
    }

    private HealthCoordinator Start(bool active = true, bool passive = false)
    {
        var spec = new LoadBalancerSpec
        {
            LbAlgorithm = LbAlgorithm.RoundRobin,
            Upstreams = [.. Urls.Select(u => new UpstreamSpec { Url = u, EnableActive = active, EnablePassive = passive })],
        };
        _coordinator = new HealthCoordinator(
            spec.CreateBalancer(RandomSource.CreateUnseeded(), "default/default[0]"), spec, _logger, _time, (u, _) => _probes[u.Url].ProbeAsync);
        _coordinator.Start();
        return _coordinator;
    }

    private static List<string> Picks(HealthCoordinator coordinator, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => coordinator.Balancer.Pick(RequestKey.None)!.Url)];

    private static void Report(HealthCoordinator coordinator, Upstream upstream, ForwardOutcome outcome, int times)
    {
        for (var i = 0; i < times; i++)
        {
            coordinator.ReportResult(upstream, outcome);
        }
    }

    private void Probes(int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public void An_upstream_whose_probes_fail_leaves_the_picks_and_returns_when_they_pass()
    {
        var coordinator = Start();
        _probes[Urls[1]].Up = false;

        Probes(2);
        Assert.DoesNotContain(Urls[1], Picks(coordinator, 6));
        Assert.Equal([Urls[0], Urls[2]], Picks(coordinator, 6).Distinct().Order());

        _probes[Urls[1]].Up = true;
        Probes(2);

        Assert.Equal(Urls, Picks(coordinator, 6).Distinct().Order());
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains($"upstream {Urls[1]} is down: 2 active checks failed in a row (last: connection refused)"));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Information && e.Message.Contains($"upstream {Urls[1]} is back: active checks pass again (HTTP 200)"));
    }

    [Fact]
    public void When_every_upstream_is_down_traffic_spreads_over_all_of_them_in_panic_mode()
    {
        var coordinator = Start();
        foreach (var probe in _probes.Values)
        {
            probe.Up = false;
        }

        Probes(2);

        Assert.True(coordinator.IsPanicking);
        Assert.Equal(Urls, Picks(coordinator, 6).Distinct().Order());
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("default/default[0]: panic mode: no upstream is healthy, so traffic is spread over all 3 enabled upstreams"));

        _probes[Urls[2]].Up = true;
        Probes(2);

        Assert.False(coordinator.IsPanicking);
        Assert.Equal([Urls[2]], Picks(coordinator, 6).Distinct());
        Assert.Contains("default/default[0]: panic mode ended: 1 of 3 upstreams healthy", _logger.Messages);
    }

    [Fact]
    public void Passive_ejection_takes_an_upstream_out_until_its_cool_down_ends()
    {
        var coordinator = Start(active: false, passive: true);
        var upstream = coordinator.Balancer.Upstreams[0];

        Report(coordinator, upstream, ForwardOutcome.TransportFailure, 5);

        Assert.DoesNotContain(Urls[0], Picks(coordinator, 6));
        var state = coordinator.GetState(upstream);
        Assert.Equal((false, PassiveHealth.Ejected, _time.GetUtcNow().AddSeconds(30)), (state.Healthy, state.Passive, state.EjectedUntil));
        Assert.Contains($"default/default[0]: upstream {Urls[0]} is down: ejected after 5 failed requests in a row, for 30s", _logger.Messages);

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Contains(Urls[0], Picks(coordinator, 6));
        Assert.Contains($"default/default[0]: upstream {Urls[0]} is back: ejection ended", _logger.Messages);
    }

    [Fact]
    public void Client_aborts_reported_on_the_hot_path_never_eject()
    {
        var coordinator = Start(active: false, passive: true);
        var upstream = coordinator.Balancer.Upstreams[0];

        Report(coordinator, upstream, ForwardOutcome.ClientAbort, 100);

        Assert.True(coordinator.GetState(upstream).Healthy);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public void Reporting_results_on_the_hot_path_allocates_nothing()
    {
        var coordinator = Start(active: false, passive: true);
        var upstream = coordinator.Balancer.Upstreams[0];
        Report(coordinator, upstream, ForwardOutcome.Success, 10);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            coordinator.ReportResult(upstream, i % 3 == 0 ? ForwardOutcome.ServerError : ForwardOutcome.Success);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(10_010, coordinator.GetState(upstream).Requests);
    }

    [Fact]
    public void An_upstream_failing_its_active_checks_stays_out_when_its_ejection_ends()
    {
        var coordinator = Start(active: true, passive: true);
        var upstream = coordinator.Balancer.Upstreams[0];
        Report(coordinator, upstream, ForwardOutcome.ServerError, 5);

        _probes[Urls[0]].Up = false;
        _time.Advance(TimeSpan.FromSeconds(30));

        var state = coordinator.GetState(upstream);
        Assert.Equal((false, ActiveHealth.Unhealthy, PassiveHealth.Ok), (state.Healthy, state.Active, state.Passive));
        Assert.DoesNotContain(Urls[0], Picks(coordinator, 6));
    }

    [Fact]
    public void The_state_of_each_upstream_carries_counts_and_the_last_probe()
    {
        var coordinator = Start(active: true, passive: true);
        var upstream = coordinator.Balancer.Upstreams[1];
        coordinator.ReportResult(upstream, ForwardOutcome.Success);
        coordinator.ReportResult(upstream, ForwardOutcome.ServerError);
        upstream.RequestStarted();

        var states = coordinator.GetStates();

        Assert.Equal(3, states.Count);
        var state = states[1];
        Assert.Equal(
            new UpstreamHealthState(true, ActiveHealth.Healthy, PassiveHealth.Ok, 1, null, 0, 2, 1, 1, state.LastProbe),
            state);
        Assert.Equal(new UpstreamProbeReport(Urls[1], "up", 2, "HTTP 200", _time.GetUtcNow()), state.LastProbe);
    }
}
