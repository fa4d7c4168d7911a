using Aileron.Balancing;
using Aileron.Health;
using Aileron.Hosting;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Hosting;

/// <summary>One engine and one health coordinator per load balancer, and health handed over when a new config replaces the old.</summary>
public sealed class ProxyRuntimeTests : IAsyncLifetime
{
    private const string Passive = "enablePassive: true, consecutiveFailures: 2, baseEjectionTime: 30s";
    private readonly FakeTimeProvider _time = new();
    private readonly HealthProbe _probe = new();
    private readonly List<ProxyRuntime> _runtimes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var runtime in _runtimes)
        {
            await runtime.DisposeAsync();
        }

        _probe.Dispose();
    }

    [Fact]
    public void A_load_balancer_used_by_two_handlers_is_one_engine_with_one_coordinator()
    {
        var yaml = TestConfig.Server(
            """
            - handlers:
                - pattern: /a/
                  handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                - pattern: /b/
                  handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
            """)
            + TestConfig.Handler("default", TestConfig.LoadBalancer(["http://a.test"]));

        var runtime = Build(yaml);
        var table = runtime.BuildRoutes(runtime.Config.Servers[0]);

        var route = Assert.Single(runtime.LoadBalancers.Values);
        Assert.Same(route, Assert.Single(table.LoadBalancers));
        Assert.Same(route.Balancer, Assert.Single(runtime.Coordinators).Balancer);
        Assert.Same(runtime.Coordinators[0], runtime.HealthOf(route));
    }

    [Fact]
    public void An_upstream_that_stays_keeps_its_ejection_and_counts_and_a_new_one_starts_healthy()
    {
        var old = Build(TestConfig.Simple(TestConfig.LoadBalancer(["http://a.test", "http://b.test"], upstreamFields: Passive)));
        var oldA = old.Coordinators[0].Balancer.Upstreams[0];
        Report(old, oldA, ForwardOutcome.Success, 3);
        Report(old, oldA, ForwardOutcome.TransportFailure, 2);
        Assert.False(oldA.IsHealthy);
        _time.Advance(TimeSpan.FromSeconds(10));

        var next = Build(
            TestConfig.Simple(TestConfig.LoadBalancer(["http://c.test", "http://a.test"], "lbAlgorithm: Maglev", Passive)), old);
        var a = next.Coordinators[0].Balancer.Upstreams[1];
        var c = next.Coordinators[0].Balancer.Upstreams[0];

        Assert.False(a.IsHealthy);
        Assert.True(c.IsHealthy);
        var state = next.Coordinators[0].GetState(a);
        Assert.Equal(PassiveHealth.Ejected, state.Passive);
        Assert.Equal((5L, 2L, 1L), (state.Requests, state.Failures, state.Ejections));
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(20), state.EjectedUntil);
        Assert.Equal(0, next.Coordinators[0].GetState(c).Requests);

        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.True(a.IsHealthy);
    }

    [Fact]
    public void An_ejection_is_dropped_when_the_new_config_turns_passive_checks_off()
    {
        var old = Build(TestConfig.Simple(TestConfig.LoadBalancer(["http://a.test", "http://b.test"], upstreamFields: Passive)));
        Report(old, old.Coordinators[0].Balancer.Upstreams[0], ForwardOutcome.ServerError, 2);

        var next = Build(TestConfig.Simple(TestConfig.LoadBalancer(["http://a.test", "http://b.test"])), old);

        Assert.All(next.Coordinators[0].Balancer.Upstreams, u => Assert.True(u.IsHealthy));
        Assert.Equal(2, next.Coordinators[0].GetState(next.Coordinators[0].Balancer.Upstreams[0]).Failures);
    }

    [Fact]
    public void Feedback_reaches_the_coordinator_of_the_runtime_whose_route_forwarded_until_that_runtime_is_removed()
    {
        var yaml = TestConfig.Simple(TestConfig.LoadBalancer(["http://a.test"]));
        var old = Build(yaml);
        var next = Build(yaml, old);
        var feedback = new HealthFeedback(NoFeedback.Instance);
        feedback.Add(old);
        feedback.Add(next);
        var oldRoute = old.LoadBalancers.Values.Single();
        var nextRoute = next.LoadBalancers.Values.Single();

        feedback.Report(oldRoute, oldRoute.Balancer.Upstreams[0], ForwardOutcome.Success);
        feedback.Report(nextRoute, nextRoute.Balancer.Upstreams[0], ForwardOutcome.ServerError);
        feedback.Remove(old);
        feedback.Report(oldRoute, oldRoute.Balancer.Upstreams[0], ForwardOutcome.Success);

        Assert.Equal((1L, 0L), Counts(old));
        Assert.Equal((1L, 1L), Counts(next));

        static (long, long) Counts(ProxyRuntime runtime)
        {
            var state = runtime.Coordinators[0].GetState(runtime.Coordinators[0].Balancer.Upstreams[0]);
            return (state.Requests, state.Failures);
        }
    }

    private ProxyRuntime Build(string yaml, ProxyRuntime? previous = null)
    {
        var runtime = new ProxyRuntime(
            TestConfig.Load(yaml), new RandomSource(1), _probe, new CollectingLogger(), _time, previous);
        _runtimes.Add(runtime);
        return runtime;
    }

    private static void Report(ProxyRuntime runtime, Upstream upstream, ForwardOutcome outcome, int times)
    {
        for (var i = 0; i < times; i++)
        {
            runtime.Coordinators[0].ReportResult(upstream, outcome);
        }
    }
}
