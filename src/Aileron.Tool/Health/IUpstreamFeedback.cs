using Aileron.Balancing;
using Aileron.Routing;

namespace Aileron.Health;

/// <summary>
/// Where passive health checking hooks into the request path: told the outcome of every attempt to
/// forward a request, on the request's thread, so an implementation must be cheap and thread-safe
/// (count, compare, and rebuild the balancer's snapshot only when health changes).
/// </summary>
internal interface IUpstreamFeedback
{
    void Report(LoadBalancerRoute loadBalancer, Upstream upstream, ForwardOutcome outcome);
}
