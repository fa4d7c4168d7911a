using Aileron.Balancing;
using Aileron.Forwarding;
using Aileron.Health;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Proxying;

/// <summary>
/// Whether a failed forward is tried again, and where. aileron's own rule, for every load balancer:
/// a request the upstream never answered, that is safe to replay (idempotent, no body, nothing sent
/// to the client yet), goes once to the load balancer's next choice without the upstream that failed
/// it — deterministic for a hash key, so every proxy with the config retries a key on the same
/// upstream; with no other upstream, only a dropped connection is retried, on a new connection.
/// An HTTPClient's <c>retryConfig</c> widens it: up to <c>maxRetry</c> tries; a failed connect is
/// retried whatever the method (nothing reached the upstream); a body up to <c>maxContentLength</c>
/// is kept so it can be sent again; and an answer whose status is in <c>retryStatusCodes</c> is
/// held back and the request sent again whatever the method, because the config asks for it in so
/// many words. A request that may have been processed is otherwise never replayed unless it is idempotent.
/// </summary>
internal static class RetryPolicy
{
    /// <summary>AILERON's backoff: 1 ms plus full jitter up to 1 ms × 2^try, at most 10 s.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Before the first try: keeps a small enough body in memory so it can be sent again, and returns the
    /// budget the forwarder holds answers back by (null when the load balancer retries no status, or
    /// the request could not be sent again).
    /// </summary>
    public static RetryBudget? Prepare(HttpContext context, LoadBalancerRoute route)
    {
        if (route.Transport?.Options.Retry is not { } settings)
        {
            return null;
        }

        var length = context.Request.ContentLength;
        if (HasBody(context) && length is > 0 && length <= settings.MaxContentLength)
        {
            context.Request.EnableBuffering(settings.MaxContentLength, settings.MaxContentLength);
        }

        if (settings.StatusCodes.Count == 0 || !Replayable(context))
        {
            return null;
        }

        var budget = new RetryBudget(settings) { Left = settings.MaxRetry };
        context.Features.Set(budget);
        return budget;
    }

    /// <summary>The failure an answer held back for a retry stands for: health checking hears of a 5xx.</summary>
    public static ForwardFailure HeldBack(RetryBudget budget) =>
        new(budget.HeldBack >= StatusCodes.Status500InternalServerError ? ForwardOutcome.ServerError : ForwardOutcome.Success, null, null);

    /// <summary>The upstream to send try number <paramref name="tried"/> + 1 to; null when the failure stands.</summary>
    public static Upstream? NextUpstream(
        HttpContext context, LoadBalancerRoute route, in RequestKey key, Upstream failed, in ForwardFailure failure, int tried, RetryBudget? budget)
    {
        var settings = route.Transport?.Options.Retry;
        if (tried > (settings?.MaxRetry ?? 1) || context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return null;
        }

        if (budget is { HeldBack: > 0 })
        {
            return route.Balancer.Snapshot.PickExcept(key, failed) ?? failed;
        }

        var connectFailed = failure.NeverAnswered && !failure.ConnectionDropped;
        var safe = RequestReplay.IsIdempotent(context.Request.Method) || (settings is not null && connectFailed);
        if (!failure.NeverAnswered || !safe || !Replayable(context))
        {
            return null;
        }

        return route.Balancer.Snapshot.PickExcept(key, failed) ?? (failure.ConnectionDropped || settings is not null ? failed : null);
    }

    /// <summary>Readies the request to go out again: no status of the last answer, the body from its start, AILERON's backoff when retryConfig asked for the retry.</summary>
    public static async ValueTask BeforeRetryAsync(HttpContext context, LoadBalancerRoute route, RetryBudget? budget, int tried, TimeProvider time)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        if (context.Request.Body.CanSeek)
        {
            context.Request.Body.Position = 0;
        }

        if (budget is not null)
        {
            budget.Left--;
            budget.HeldBack = 0;
        }

        if (route.Transport?.Options.Retry is not null)
        {
            var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, Math.Pow(2, Math.Min(tried, 20)));
            await Task.Delay(TimeSpan.FromMilliseconds(1 + (Random.Shared.NextDouble() * ceiling)), time, context.RequestAborted);
        }
    }

    /// <summary>Bodiless, or its body kept in memory by <see cref="Prepare"/>.</summary>
    private static bool Replayable(HttpContext context) => !HasBody(context) || context.Request.Body.CanSeek;

    private static bool HasBody(HttpContext context) =>
        context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false;
}
