using Aileron.Balancing;
using Aileron.Forwarding;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Proxying;

/// <summary>
/// Whether a failed forward is tried once more, and where: only a request the upstream never
/// answered, that is safe to replay (idempotent, no body, nothing sent to the client yet), goes to
/// the load balancer's next choice without the upstream that failed it — deterministic for a hash
/// key, so every proxy with the config retries a key on the same upstream. With no other upstream,
/// only a dropped connection is retried, on a new connection to the same one.
/// </summary>
internal static class RetryPolicy
{
    /// <summary>The upstream to retry on; null when the failure stands.</summary>
    public static Upstream? NextUpstream(HttpContext context, LoadBalancerRoute route, in RequestKey key, Upstream failed, in ForwardFailure failure)
    {
        if (!failure.NeverAnswered || !CanReplay(context))
        {
            return null;
        }

        return route.Balancer.Snapshot.PickExcept(key, failed) ?? (failure.ConnectionDropped ? failed : null);
    }

    private static bool CanReplay(HttpContext context) =>
        !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
        && RequestReplay.IsIdempotent(context.Request.Method)
        && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
}
