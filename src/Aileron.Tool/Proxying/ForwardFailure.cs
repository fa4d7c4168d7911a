using System.Net.Sockets;
using Aileron.Errors;
using Aileron.Health;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Proxying;

/// <summary>
/// What one forward's result means for health checking, for the client, and for a retry. Both
/// forwarding paths report failures as YARP does (a <see cref="ForwarderError"/> and the exception
/// HttpClient would throw), so this reads them the same way.
/// </summary>
/// <param name="Outcome">What health checking is told; null when the upstream is not to blame.</param>
/// <param name="Problem">The answer the proxy gives itself; null when the upstream's answer stands or the client is gone.</param>
/// <param name="NeverAnswered">The upstream sent no byte of an answer (the connect failed, or it closed or reset the connection first).</param>
/// <param name="ConnectionDropped">
/// The upstream closed or reset the connection before answering: most often a kept connection it
/// dropped as the request went out, so with no other upstream a new connection to it is tried.
/// </param>
internal readonly record struct ForwardFailure(
    ForwardOutcome? Outcome, ProxyProblem? Problem, Exception? Error, bool NeverAnswered = false, bool ConnectionDropped = false)
{
    /// <summary>Reads <paramref name="error"/> (and the forwarder's error feature) for <paramref name="context"/>'s request.</summary>
    public static ForwardFailure Of(HttpContext context, ForwarderError error)
    {
        if (error == ForwarderError.None)
        {
            return new(context.Response.StatusCode >= 500 ? ForwardOutcome.ServerError : ForwardOutcome.Success, null, null);
        }

        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        var clientGone = context.RequestAborted.IsCancellationRequested;
        var started = context.Response.HasStarted;
        return error switch
        {
            ForwarderError.Request => OfRequest(exception),
            ForwarderError.RequestTimedOut => new(ForwardOutcome.TransportFailure, ProxyProblem.UpstreamTimeout, exception),
            ForwarderError.ResponseHeaders => new(ForwardOutcome.TransportFailure, ProxyProblem.UpstreamError, exception),
            ForwarderError.RequestBodyDestination or ForwarderError.ResponseBodyDestination
                or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination =>
                new(ForwardOutcome.TransportFailure, started || clientGone ? null : ProxyProblem.UpstreamUnreachable, exception),
            // The response timeout fired while the upstream was silent mid-body.
            ForwarderError.ResponseBodyCanceled when !clientGone =>
                new(ForwardOutcome.TransportFailure, started ? null : ProxyProblem.UpstreamTimeout, exception),
            // A WebSocket idle for longer than the response timeout was closed: nobody's fault.
            ForwarderError.UpgradeActivityTimeout => new(ForwardOutcome.Success, null, exception),
            ForwarderError.RequestBodyClient when !clientGone && !started =>
                new(ForwardOutcome.ClientAbort, IsTooLarge(exception) ? ProxyProblem.BodyTooLarge : ProxyProblem.BadRequest, exception),
            ForwarderError.RequestCreation => new(null, started ? null : ProxyProblem.Internal, exception),
            _ => new(ForwardOutcome.ClientAbort, null, exception),
        };
    }

    /// <summary>The innermost cause, which says what actually happened ("Connection refused").</summary>
    public static string Describe(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null && inner is not TimeoutException)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }

    private static ForwardFailure OfRequest(Exception? exception)
    {
        var dropped = IsDroppedBeforeAnswer(exception);
        var timedOut = Contains<TimeoutException>(exception);
        var invalid = exception is HttpRequestException { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded };
        return new(
            ForwardOutcome.TransportFailure,
            timedOut ? ProxyProblem.UpstreamTimeout : invalid ? ProxyProblem.UpstreamError : ProxyProblem.UpstreamUnreachable,
            exception,
            IsConnectFailure(exception) || dropped,
            dropped);
    }

    /// <summary>A chunked body that grew past maxRequestBodySize: Kestrel stops reading it with a 413.</summary>
    private static bool IsTooLarge(Exception? exception) =>
        exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
        || exception?.InnerException is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };

    /// <summary>A connection to the upstream was never established: the request did not reach it.</summary>
    private static bool IsConnectFailure(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    /// <summary>
    /// The upstream closed or reset the connection before any byte of its answer (a crash, or a
    /// keep-alive connection it dropped as the request went out): as nginx's
    /// <c>proxy_next_upstream error</c>, a request that is safe to replay is tried again. A timeout
    /// is not: a hung upstream would cost the client twice the wait.
    /// </summary>
    private static bool IsDroppedBeforeAnswer(Exception? exception)
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
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown })
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
}
