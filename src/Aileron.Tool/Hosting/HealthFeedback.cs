using Aileron.Balancing;
using Aileron.Health;
using Aileron.Routing;

namespace Aileron.Hosting;

/// <summary>
/// The <see cref="IUpstreamFeedback"/> of a running proxy: each forwarding outcome goes to the health
/// coordinator of the load balancer that forwarded it (passive checks). It knows every runtime still
/// serving, so after a config reload, requests still finishing on the old routes report to the old
/// coordinators. Lock-free and allocation-free: one lookup by reference, then the coordinator's counters.
/// </summary>
internal sealed class HealthFeedback(IUpstreamFeedback also) : IUpstreamFeedback
{
    private ProxyRuntime[] _runtimes = [];

    /// <summary>Starts sending the outcomes of <paramref name="runtime"/>'s load balancers to its coordinators.</summary>
    public void Add(ProxyRuntime runtime) => Update(current => [runtime, .. current]);

    /// <summary>Stops; outcomes of its routes reported later are dropped.</summary>
    public void Remove(ProxyRuntime runtime) => Update(current => [.. current.Where(r => r != runtime)]);

    public void Report(LoadBalancerRoute loadBalancer, Upstream upstream, ForwardOutcome outcome)
    {
        foreach (var runtime in Volatile.Read(ref _runtimes))
        {
            if (runtime.HealthOf(loadBalancer) is { } coordinator)
            {
                coordinator.ReportResult(upstream, outcome);
                break;
            }
        }

        also.Report(loadBalancer, upstream, outcome);
    }

    private void Update(Func<ProxyRuntime[], ProxyRuntime[]> change)
    {
        ProxyRuntime[] current, next;
        do
        {
            current = Volatile.Read(ref _runtimes);
            next = change(current);
        }
        while (Interlocked.CompareExchange(ref _runtimes, next, current) != current);
    }
}
