using Aileron.Balancing;
using Aileron.Routing;

namespace Aileron.Health;

/// <summary>The feedback sink while no health checking is configured: ignores every outcome.</summary>
internal sealed class NoFeedback : IUpstreamFeedback
{
    public static readonly NoFeedback Instance = new();

    public void Report(LoadBalancerRoute loadBalancer, Upstream upstream, ForwardOutcome outcome)
    {
    }
}
