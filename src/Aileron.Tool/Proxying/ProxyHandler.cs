using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Errors;
using Aileron.Forwarding;
using Aileron.Health;
using Aileron.Observability;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Proxying;

/// <summary>
/// The request path of one HTTPServer, in named steps: admit (<see cref="ClientPolicy"/>), route
/// (virtual host → handler → load balancer, with the path rewrite), pick, forward
/// (<see cref="UpstreamForwarders"/>), retry once when that is safe (<see cref="RetryPolicy"/>),
/// report the outcome to health checking, and answer errors as AILERON does (the server's
/// <see cref="ErrorResponder"/>) with a log line.
/// </summary>
internal sealed class ProxyHandler
{
    private readonly RouteTable _routes;
    private readonly ClientPolicy _policy;
    private readonly ProxyServices _services;
    private readonly ILogger _log;
    private readonly bool _accessLog;
    private readonly bool _timed;

    public ProxyHandler(RouteTable routes, ClientPolicy policy, ProxyServices services)
    {
        _routes = routes;
        _policy = policy;
        _services = services;
        _log = services.Logger;
        _accessLog = services.AccessLog && _log.IsEnabled(LogLevel.Information);
        _timed = _accessLog || services.Metrics is not null;
    }

    /// <summary>
    /// Admission, routing and picking run synchronously; only forwarding awaits, in one state
    /// machine, so a request costs one async frame of its own on top of the forwarder's.
    /// </summary>
    public Task HandleAsync(HttpContext context)
    {
        var started = _timed ? _services.Time.GetTimestamp() : 0;
        _services.Requests.Enter();
        try
        {
            if (Admit(context) is { } refused)
            {
                return AnswerAsync(context, refused, started);
            }

            var match = _routes.Match(context);
            if (match.LoadBalancer is not { } route)
            {
                LogNoRoute(context, match);
                return AnswerAsync(context, match.Handler is null ? ProxyProblem.NoHandler : ProxyProblem.NoRoute, started);
            }

            var key = KeyOf(context, route, match);
            if (route.Balancer.Pick(key) is not { } upstream)
            {
                ProxyHandlerLog.NoUpstream(_log, Status(ProxyProblem.NoUpstream), Code(ProxyProblem.NoUpstream), context.Request.Method, context.Request.Path.Value, route.Name);
                return AnswerAsync(context, ProxyProblem.NoUpstream, started, route);
            }

            return ForwardAsync(context, route, key, upstream, match.ForwardPath, started);
        }
        catch (Exception e)
        {
            ProxyHandlerLog.InternalError(_log, context.Request.Method, context.Request.Path.Value, "-", ForwardFailure.Describe(e));
            return AnswerAsync(context, ProxyProblem.Internal, started);
        }
    }

    /// <summary>Why the request is refused before routing (413, 400, 405), logged; null when it may go on.</summary>
    private ProxyProblem? Admit(HttpContext context)
    {
        if (_policy.Check(context) is not { } refused)
        {
            return null;
        }

        if (_log.IsEnabled(LogLevel.Information))
        {
            var request = context.Request;
            ProxyHandlerLog.RequestRefused(_log, Status(refused), Code(refused), request.Method, request.Path.Value, request.ContentLength, ClientAddress.Of(context));
        }

        return refused;
    }

    private void LogNoRoute(HttpContext context, RouteMatch match)
    {
        if (!_log.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var request = context.Request;
        ProxyHandlerLog.NoRoute(
            _log, Status(ProxyProblem.NoRoute), Code(ProxyProblem.NoRoute), request.Method, request.Host.Value, request.Path.Value, match.Handler?.ToString() ?? "-");
    }

    /// <summary>The hash algorithms' key: the client address (as trusted proxies report it) or the header, cookie, query or path parameter.</summary>
    private RequestKey KeyOf(HttpContext context, LoadBalancerRoute route, RouteMatch match) =>
        route.Keys is not { } keys ? RequestKey.None
        : keys.Source == HashSource.ClientAddr ? KeyExtractor.FromAddress(_policy.ClientAddress(context))
        : keys.Extract(context, match.Parameters);

    private async Task AnswerAsync(HttpContext context, ProxyProblem problem, long started, LoadBalancerRoute? route = null)
    {
        try
        {
            await _routes.Errors.WriteAsync(context, problem);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away before its answer was written: nothing to report.
        }
        finally
        {
            Completed(context, route, null, started);
        }
    }

    private async Task ForwardAsync(HttpContext context, LoadBalancerRoute route, RequestKey key, Upstream upstream, string forwardPath, long started)
    {
        var forwarders = _services.Forwarders;
        // In flight from the pick until the exchange is over, for the least-requests algorithms.
        upstream.RequestStarted();
        try
        {
            var budget = RetryPolicy.Prepare(context, route);
            for (var tried = 1; ; tried++)
            {
                var error = await forwarders.SendAsync(context, route, upstream, forwardPath);
                var failure = budget is { HeldBack: > 0 } ? RetryPolicy.HeldBack(budget) : ForwardFailure.Of(context, error);
                Report(route, upstream, failure);
                if (RetryPolicy.NextUpstream(context, route, key, upstream, failure, tried, budget) is not { } next)
                {
                    await AnswerFailureAsync(context, route, upstream, failure, error);
                    break;
                }

                LogRetry(context, route, upstream, failure, next, budget);
                await RetryPolicy.BeforeRetryAsync(context, route, budget, tried, _services.Time);
                upstream.RequestEnded();
                upstream = next;
                upstream.RequestStarted();
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while its error answer was being written: nothing to report.
        }
        catch (Exception e)
        {
            ProxyHandlerLog.InternalError(_log, context.Request.Method, context.Request.Path.Value, upstream.Url, ForwardFailure.Describe(e));
            await _routes.Errors.WriteAsync(context, ProxyProblem.Internal);
        }
        finally
        {
            upstream.RequestEnded();
            Completed(context, route, upstream, started);
        }
    }

    private void Report(LoadBalancerRoute route, Upstream upstream, in ForwardFailure failure)
    {
        if (failure.Outcome is { } outcome)
        {
            _services.Feedback.Report(route, upstream, outcome);
        }
    }

    /// <summary>Answers the client when the proxy has to, and logs what happened.</summary>
    private async Task AnswerFailureAsync(HttpContext context, LoadBalancerRoute route, Upstream upstream, ForwardFailure failure, ForwarderError error)
    {
        var request = context.Request;
        if ((failure.Problem is not null || context.Response.StatusCode != StatusCodes.Status200OK) && IsGrpcOverHttp1(request, route, upstream))
        {
            ProxyHandlerLog.GrpcWithoutH2c(_log, route.Name, upstream.Url);
        }

        var cause = failure.Error is { } e ? ForwardFailure.Describe(e) : null;
        if (failure.Problem is { } problem)
        {
            ProxyHandlerLog.UpstreamFailed(_log, Status(problem), Code(problem), request.Method, request.Path.Value, route.Name, upstream.Url, cause);
            await _routes.Errors.WriteAsync(context, problem);
        }
        else if (failure.Outcome == ForwardOutcome.ClientAbort)
        {
            ProxyHandlerLog.ClientWentAway(_log, request.Method, request.Path.Value, route.Name, upstream.Url, cause);
        }
        else if (error != ForwarderError.None)
        {
            ProxyHandlerLog.ResponseBrokeOff(_log, request.Method, request.Path.Value, route.Name, upstream.Url, cause, error.ToString());
        }
    }

    /// <summary>A gRPC request (not gRPC-Web) that went to a cleartext upstream as HTTP/1.1, which no gRPC server answers: the config lacks h2c.</summary>
    private static bool IsGrpcOverHttp1(HttpRequest request, LoadBalancerRoute route, Upstream upstream) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase)
        && !type.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase)
        && route.Transport?.Options.H2c != true
        && upstream.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private void LogRetry(HttpContext context, LoadBalancerRoute route, Upstream upstream, in ForwardFailure failure, Upstream next, RetryBudget? budget)
    {
        if (budget is { HeldBack: > 0 })
        {
            ProxyHandlerLog.RetryingStatus(_log, budget.HeldBack, context.Request.Method, context.Request.Path.Value, route.Name, upstream.Url, next.Url);
            return;
        }

        var problem = failure.Problem ?? ProxyProblem.UpstreamUnreachable;
        ProxyHandlerLog.Retrying(
            _log, Status(problem), Code(problem), context.Request.Method, context.Request.Path.Value, route.Name, upstream.Url,
            failure.Error is { } e ? ForwardFailure.Describe(e) : null, next.Url);
    }

    private void Completed(HttpContext context, LoadBalancerRoute? route, Upstream? upstream, long started)
    {
        if (_timed)
        {
            var elapsed = _services.Time.GetElapsedTime(started);
            _services.Metrics?.RequestCompleted(route, upstream, context.Response.StatusCode, elapsed);
            if (_accessLog && _log.IsEnabled(LogLevel.Information))
            {
                var request = context.Request;
                AccessLog.Write(
                    _log, request.Method, request.Path.Value, context.Response.StatusCode, upstream?.Url ?? "-",
                    Math.Round(elapsed.TotalMilliseconds, 3), ClientAddress.Of(context));
            }
        }

        _services.Requests.Exit();
    }

    private static int Status(ProxyProblem problem) => ProblemResponse.StatusOf(problem);

    private static string Code(ProxyProblem problem) => ProblemResponse.CodeOf(problem);
}
