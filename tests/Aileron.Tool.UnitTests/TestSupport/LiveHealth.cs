using Aileron.Admin;
using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Health;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// What a running serve would hold: a load balancer and a health coordinator per load balancer of
/// a config, on fake time, with scripted probes keyed by upstream URL (all up at first).
/// </summary>
internal sealed class LiveHealth : IAsyncDisposable
{
    private LiveHealth(ProxyConfig config, FakeTimeProvider time, Dictionary<string, ScriptedProbe> probes)
    {
        Config = config;
        Time = time;
        Probes = probes;
        Coordinators = [.. config.LoadBalancers.Select(lb => new HealthCoordinator(
            lb.Spec.CreateBalancer(RandomSource.CreateUnseeded(), lb.Name), lb.Spec, new CollectingLogger(), time, (u, _) => probes[u.Url].ProbeAsync))];
        foreach (var coordinator in Coordinators)
        {
            coordinator.Start();
        }
    }

    public ProxyConfig Config { get; }

    public FakeTimeProvider Time { get; }

    public Dictionary<string, ScriptedProbe> Probes { get; }

    public IReadOnlyList<HealthCoordinator> Coordinators { get; }

    public static LiveHealth Start(string yaml)
    {
        var config = TestYaml.Load(yaml).Config ?? throw new ArgumentException("the config does not load", nameof(yaml));
        var probes = config.LoadBalancers.SelectMany(lb => lb.Spec.Upstreams).Select(u => u.Url).Distinct()
            .ToDictionary(u => u, _ => new ScriptedProbe());
        return new LiveHealth(config, new FakeTimeProvider(), probes);
    }

    /// <summary>Upstream 0 healthy, 1 ejected by passive checks, 2 failing active checks (probed at 0 s, 1 s and 2 s), 3 disabled.</summary>
    public static LiveHealth Mixed()
    {
        var live = Start(TestYaml.WithHandler("""
                - upstreams:
                    - url: http://a.test:8001
                      enableActive: true
                      enablePassive: true
                    - url: http://b.test:8002
                      enablePassive: true
                    - url: http://c.test:8003
                      enableActive: true
                      healthCheckAddr: tcp://c.test:9003
                    - url: http://d.test:8004
                      weight: -1
            """));
        live.Probes["http://c.test:8003"].Up = false;
        live.Time.Advance(TimeSpan.FromSeconds(2));
        live.Report(0, ForwardOutcome.Success, 40);
        live.Report(0, ForwardOutcome.ServerError, 2);
        live.Report(1, ForwardOutcome.TransportFailure, 5);
        live.Coordinators[0].Balancer.Upstreams[0].RequestStarted();
        return live;
    }

    public UpstreamsReport Report() => UpstreamsReportBuilder.Live(Config, Coordinators);

    /// <summary>Reports the outcome <paramref name="times"/> times for upstream <paramref name="index"/> of the first load balancer.</summary>
    public void Report(int index, ForwardOutcome outcome, int times)
    {
        var coordinator = Coordinators[0];
        for (var i = 0; i < times; i++)
        {
            coordinator.ReportResult(coordinator.Balancer.Upstreams[index], outcome);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var coordinator in Coordinators)
        {
            await coordinator.DisposeAsync();
        }
    }
}
