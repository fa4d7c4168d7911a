using System.Runtime.CompilerServices;
using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Errors;
using Aileron.Forwarding;
using Aileron.Forwarding.Http1;
using Aileron.Forwarding.Yarp;
using Aileron.Health;
using Aileron.Observability;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Proxying;

/// <summary>
/// The request path of one HTTPServer: route (virtual host → handler → load balancer, with the path
/// rewrite), pick, forward (bodiless HTTP/1.x requests to http:// upstreams through
/// <see cref="Http1Forwarder"/>, the rest through YARP), retry a failed connect once on another
/// upstream when that is safe, report the outcome to health checking, and answer errors as
/// AILERON does (the server's <see cref="ErrorResponder"/>) with a log line.
/// </summary>
internal sealed class ProxyHandler
{
    private readonly RouteTableHolder _routes;
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _invoker;
    private readonly IUpstreamFeedback _feedback;
    private readonly ProxyLog _log;
    private readonly bool _accessLog;
    private readonly TimeProvider _time;
    private readonly ClientPolicy _policy;
    private readonly ProxyMetrics? _metrics;
    private readonly bool _timed;
    private readonly Http1Forwarder? _http1;

    /// <param name="metrics">Where each answered request is counted and timed; null when nothing reads metrics.</param>
    public ProxyHandler(
        RouteTableHolder routes, IHttpForwarder forwarder, HttpMessageInvoker invoker, IUpstreamFeedback feedback,
        ProxyLog log, bool accessLog, TimeProvider time, ProxyMetrics? metrics = null, ClientPolicy? policy = null,
        Http1Forwarder? http1 = null)
    {
        _http1 = http1;
        _policy = policy ?? ClientPolicy.Default;
        _routes = routes;
        _forwarder = forwarder;
        _invoker = invoker;
        _feedback = feedback;
        _log = log;
        _accessLog = accessLog && log.IsEnabled(LogLevel.Information);
        _time = time;
        _metrics = metrics;
        _timed = _accessLog || metrics is not null;
    }

    /// <summary>
    /// Routing and picking run synchronously; only forwarding awaits, in one state machine, so a
    /// request costs one async frame of its own on top of YARP's.
    /// </summary>
    public Task HandleAsync(HttpContext context)
    {
        var started = _timed ? _time.GetTimestamp() : 0;
        LoadBalancerRoute? route;
        RouteMatch match;
        Upstream? upstream;
        try
        {
            if (_policy.Check(context) is { } refused)
            {
                _log.Info(
                    "request refused",
                    new LogField("status", ProblemResponse.StatusOf(refused)),
                    new LogField("code", ProblemResponse.CodeOf(refused)),
                    new LogField("method", context.Request.Method),
                    new LogField("path", context.Request.Path.Value),
                    new LogField("content_length", context.Request.ContentLength),
                    new LogField("client", ClientAddress.Of(context)));
                return AnswerAsync(context, refused, started);
            }

            match = _routes.Current.Match(context);
            route = match.LoadBalancer;
            if (route is null)
            {
                _log.Info(
                    "no route",
                    new LogField("status", StatusCodes.Status404NotFound),
                    new LogField("code", ProblemResponse.CodeOf(ProxyProblem.NoRoute)),
                    new LogField("method", context.Request.Method),
                    new LogField("host", context.Request.Host.Value),
                    new LogField("path", context.Request.Path.Value),
                    new LogField("handler", match.Handler?.ToString() ?? "-"));
                return AnswerAsync(context, match.Handler is null ? ProxyProblem.NoHandler : ProxyProblem.NoRoute, started);
            }

            var key = route.Keys is not { } keys ? RequestKey.None
                : keys.Source == HashSource.ClientAddr ? KeyExtractor.FromAddress(_policy.ClientAddress(context))
                : keys.Extract(context, match.Parameters);
            upstream = route.Balancer.Pick(key);
        }
        catch (Exception e)
        {
            _log.Error("request failed in the proxy", Fields(context, null, ("error", Describe(e))));
            return AnswerAsync(context, ProxyProblem.Internal, started);
        }

        if (upstream is null)
        {
            _log.Warn("no upstream available", Fields(context, route, null, ProxyProblem.NoUpstream, null));
            return AnswerAsync(context, ProxyProblem.NoUpstream, started, route);
        }

        return ForwardAsync(context, route, upstream, match.ForwardPath, started);
    }

    private async Task AnswerAsync(HttpContext context, ProxyProblem problem, long started, LoadBalancerRoute? route = null)
    {
        try
        {
            await _routes.Current.Errors.WriteAsync(context, problem);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away before its answer was written: nothing to report.
        }

        Completed(context, route, null, started);
    }

    private async Task ForwardAsync(HttpContext context, LoadBalancerRoute route, Upstream upstream, string forwardPath, long started)
    {
        // In flight from the pick until the exchange is over, for the least-requests algorithms.
        upstream.RequestStarted();
        try
        {
            var error = await SendAsync(context, route, upstream, forwardPath);
            var failure = Classify(context, error);
            if (failure.CanRetryElsewhere && CanRetry(context)
                && (NextUpstream(route, upstream) ?? (failure.ConnectionDropped ? upstream : null)) is { } next)
            {
                Report(route, upstream, failure.Outcome);
                _log.Warn("upstream failed before answering, retrying", Fields(context, route, upstream, failure.Problem, failure.Error, ("retry", next.Url)));
                context.Response.StatusCode = StatusCodes.Status200OK;
                upstream.RequestEnded();
                upstream = next;
                upstream.RequestStarted();
                error = await SendAsync(context, route, upstream, forwardPath);
                failure = Classify(context, error);
            }

            Report(route, upstream, failure.Outcome);
            if (failure.Problem is { } problem)
            {
                _log.Warn("upstream request failed", Fields(context, route, upstream, problem, failure.Error));
                await _routes.Current.Errors.WriteAsync(context, problem);
            }
            else if (failure.Outcome == ForwardOutcome.ClientAbort)
            {
                _log.Debug("client went away", Fields(context, route, upstream, null, failure.Error));
            }
            else if (error != ForwarderError.None)
            {
                // The response had started: YARP cut the client's connection, the only honest signal left.
                _log.Warn("upstream response broke off", Fields(context, route, upstream, null, failure.Error, ("forwarder_error", error.ToString())));
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while its error answer was being written: nothing to report.
        }
        catch (Exception e)
        {
            _log.Error("request failed in the proxy", Fields(context, upstream, ("error", Describe(e))));
            await _routes.Current.Errors.WriteAsync(context, ProxyProblem.Internal);
        }
        finally
        {
            upstream.RequestEnded();
        }

        Completed(context, route, upstream, started);
    }

    /// <summary>Bodiless HTTP/1.x requests to http:// upstreams take the lean path; everything else YARP's forwarder.</summary>
    private ValueTask<ForwarderError> SendAsync(HttpContext context, LoadBalancerRoute route, Upstream upstream, string forwardPath)
    {
        var prefix = route.PrefixOf(upstream);
        var url = UpstreamUri.Build(prefix, context, forwardPath);
        return _http1 is not null && Http1Forwarder.CanForward(context, prefix)
            ? _http1.SendAsync(context, prefix, url, route.Spec.ResponseTimeout)
            : SendWithYarpAsync(context, route, url);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ForwarderError> SendWithYarpAsync(HttpContext context, LoadBalancerRoute route, string url)
    {
        var error = await _forwarder.SendAsync(context, url, _invoker, route.RequestConfig, ProxyTransformer.Instance);
        return error == ForwarderError.None && ProxyTransformer.Refused(context) is { } refused ? refused : error;
    }

    private void Completed(HttpContext context, LoadBalancerRoute? route, Upstream? upstream, long started)
    {
        _metrics?.RequestCompleted(route, upstream, context.Response.StatusCode, _time.GetElapsedTime(started));
        WriteAccessLog(context, upstream, started);
    }

    private void WriteAccessLog(HttpContext context, Upstream? upstream, long started)
    {
        if (!_accessLog)
        {
            return;
        }

        var elapsed = _time.GetElapsedTime(started);
        _log.Info(
            "access",
            new LogField("method", context.Request.Method),
            new LogField("path", context.Request.Path.Value),
            new LogField("status", context.Response.StatusCode),
            new LogField("upstream", upstream?.Url ?? "-"),
            new LogField("duration_ms", Math.Round(elapsed.TotalMilliseconds, 3)),
            new LogField("client", ClientAddress.Of(context)));
    }

    private void Report(LoadBalancerRoute route, Upstream upstream, ForwardOutcome? outcome)
    {
        if (outcome is { } known)
        {
            _feedback.Report(route, upstream, known);
        }
    }

    /// <summary>What a forward's result means for health, for the client, and for a retry.</summary>
    private static Failure Classify(HttpContext context, ForwarderError error)
    {
        if (error == ForwarderError.None)
        {
            return new Failure(context.Response.StatusCode >= 500 ? ForwardOutcome.ServerError : ForwardOutcome.Success, null, null, false);
        }

        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        var clientGone = context.RequestAborted.IsCancellationRequested;
        var started = context.Response.HasStarted;
        switch (error)
        {
            case ForwarderError.Request:
                var dropped = IsResetBeforeAnswer(exception);
                var retryable = IsConnectFailure(exception) || dropped;
                var timedOut = Contains<TimeoutException>(exception);
                var invalid = exception is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded };
                return new Failure(
                    ForwardOutcome.TransportFailure,
                    timedOut ? ProxyProblem.UpstreamTimeout : invalid ? ProxyProblem.UpstreamError : ProxyProblem.UpstreamUnreachable,
                    exception,
                    retryable,
                    dropped);
            case ForwarderError.RequestTimedOut:
                return new Failure(ForwardOutcome.TransportFailure, ProxyProblem.UpstreamTimeout, exception, false);
            case ForwarderError.ResponseHeaders:
                return new Failure(ForwardOutcome.TransportFailure, ProxyProblem.UpstreamError, exception, false);
            case ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination
                or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination:
                return new Failure(
                    ForwardOutcome.TransportFailure, started || clientGone ? null : ProxyProblem.UpstreamUnreachable, exception, false);
            case ForwarderError.ResponseBodyCanceled when !clientGone:
                // The response timeout fired while the upstream was silent mid-body.
                return new Failure(ForwardOutcome.TransportFailure, started ? null : ProxyProblem.UpstreamTimeout, exception, false);
            case ForwarderError.UpgradeActivityTimeout:
                // A WebSocket idle for longer than the response timeout was closed: nobody's fault.
                return new Failure(ForwardOutcome.Success, null, exception, false);
            case ForwarderError.RequestBodyClient when !clientGone && !started:
                // A chunked body that grew past maxRequestBodySize: Kestrel stops reading it with a 413.
                var tooLarge = exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                    || exception?.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };
                return new Failure(ForwardOutcome.ClientAbort, tooLarge ? ProxyProblem.BodyTooLarge : ProxyProblem.BadRequest, exception, false);
            case ForwarderError.RequestCreation:
                return new Failure(null, started ? null : ProxyProblem.Internal, exception, false);
            default:
                return new Failure(ForwardOutcome.ClientAbort, null, exception, false);
        }
    }

    /// <summary>A connection to the upstream was never established: the request did not reach it.</summary>
    private static bool IsConnectFailure(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    /// <summary>
    /// The upstream closed or reset the connection before any byte of its answer (a crash, or a
    /// keep-alive connection it dropped as the request went out): as nginx's
    /// <c>proxy_next_upstream error</c>, a request that is safe to replay is tried elsewhere. A
    /// timeout is not: a hung upstream would cost the client twice the wait.
    /// </summary>
    private static bool IsResetBeforeAnswer(Exception? exception)
    {
        if (exception is not HttpRequestException http || Contains<TimeoutException>(exception))
        {
            return false;
        }

        if (http.HttpRequestError == HttpRequestError.ResponseEnded)
        {
            return true;
        }

        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException
                {
                    SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted
                        or System.Net.Sockets.SocketError.Shutdown,
                })
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Only a request that cannot have had side effects and has no body to replay is retried.</summary>
    private static bool CanRetry(HttpContext context)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }

        return RequestReplay.IsIdempotent(context.Request.Method)
            && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
    }

    /// <summary>
    /// The active upstream after the failed one, in config order: deterministic, so every proxy with
    /// the same config retries a key on the same upstream; null when there is no other.
    /// </summary>
    private static Upstream? NextUpstream(LoadBalancerRoute route, Upstream failed)
    {
        var active = route.Balancer.Snapshot.Active;
        if (active.Count < 2)
        {
            return null;
        }

        var at = -1;
        for (var i = 0; i < active.Count; i++)
        {
            if (ReferenceEquals(active[i], failed))
            {
                at = i;
                break;
            }
        }

        return active[(at + 1) % active.Count];
    }

    private static LogField[] Fields(
        HttpContext context, LoadBalancerRoute route, Upstream? upstream, ProxyProblem? problem, Exception? error,
        (string Key, object? Value) extra = default)
    {
        var fields = new List<LogField>(9);
        if (problem is { } p)
        {
            fields.Add(new LogField("status", ProblemResponse.StatusOf(p)));
            fields.Add(new LogField("code", ProblemResponse.CodeOf(p)));
        }

        fields.Add(new LogField("method", context.Request.Method));
        fields.Add(new LogField("path", context.Request.Path.Value));
        fields.Add(new LogField("lb", route.Name));
        if (upstream is not null)
        {
            fields.Add(new LogField("upstream", upstream.Url));
        }

        if (error is not null)
        {
            fields.Add(new LogField("error", Describe(error)));
        }

        if (extra.Key is not null)
        {
            fields.Add(new LogField(extra.Key, extra.Value));
        }

        return [.. fields];
    }

    private static LogField[] Fields(HttpContext context, Upstream? upstream, (string Key, object? Value) extra) =>
    [
        new("method", context.Request.Method),
        new("path", context.Request.Path.Value),
        new("upstream", upstream?.Url ?? "-"),
        new(extra.Key, extra.Value),
    ];

    /// <summary>The innermost cause, which says what actually happened ("Connection refused").</summary>
    private static string Describe(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null && inner is not TimeoutException)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }

    /// <param name="CanRetryElsewhere">The request never got an answer from the upstream (connect failed, or reset before any byte of the answer).</param>
    /// <param name="ConnectionDropped">
    /// The upstream closed or reset the connection before answering: most often a kept connection it
    /// dropped as the request went out, so with no other upstream, a new connection to it is tried.
    /// </param>
    private readonly record struct Failure(
        ForwardOutcome? Outcome, ProxyProblem? Problem, Exception? Error, bool CanRetryElsewhere, bool ConnectionDropped = false);
}
