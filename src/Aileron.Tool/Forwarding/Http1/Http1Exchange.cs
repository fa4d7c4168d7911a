using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// One request and its response over aileron's HTTP/1.1 client, in steps: take a connection (a
/// pooled one, its response read already started, or a new one), write the request head, read the
/// response head (interim answers skipped), copy status and headers into Kestrel's response, pass
/// the body on (<see cref="Http1BodyCopy"/>). Failures are told the way YARP tells them (a
/// <see cref="ForwarderError"/> and an <see cref="IForwarderErrorFeature"/> with the exception
/// HttpClient would throw), so the handler's retry, health and error answers do not depend on the
/// path a request took.
/// </summary>
internal static class Http1Exchange
{
    /// <summary>
    /// Forwards the request to <paramref name="url"/>; <paramref name="timeout"/> bounds each silence
    /// of the upstream. A pooled connection the upstream closes as the request goes out fails before
    /// any byte of an answer: an idempotent request then goes out once more on a new connection (as
    /// HttpClient does). Anything else may have been processed, and is not sent again.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<ForwarderError> ForwardAsync(HttpContext context, Http1Pool pool, byte[] hostLine, string url, int targetOffset, TimeSpan timeout)
    {
        var connection = pool.Rent();
        var reused = connection is not null;
        while (true)
        {
            if (connection is null)
            {
                try
                {
                    connection = await pool.ConnectAsync(context.RequestAborted);
                }
                catch (Exception e) when (e is SocketException or TimeoutException or OperationCanceledException)
                {
                    return ConnectFailed(context, e);
                }
            }

            if (await ExchangeAsync(context, pool, connection, new RequestLine(hostLine, url, targetOffset), timeout, reused) is { } error)
            {
                return error;
            }

            connection = null;
            reused = false;
        }
    }

    /// <summary>One attempt on one connection; null when a kept connection turned out stale and the request may go out again.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ForwarderError?> ExchangeAsync(
        HttpContext context, Http1Pool pool, Http1Connection connection, RequestLine line, TimeSpan timeout, bool reused)
    {
        var copying = false;
        var reusable = false;
        Http1Upload? upload = null;
        // Begun before the registration, so a client already gone abandons this exchange at once.
        connection.Begin(timeout);
        var registration = context.RequestAborted.UnsafeRegister(static s => ((Http1Connection)s!).Abandon(), connection);
        try
        {
            // Http1Forwarder.CanForward let a body through only when this client can frame it.
            var body = context.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false };
            var chunked = body && Http1Upload.IsChunked(context.Request);
            var length = Http1RequestHead.Write(context, Target(line.Url, line.TargetOffset), line.HostLine, ref connection.RequestBuffer, chunked);
            if (body)
            {
                upload = Http1Upload.Start(context, connection, length, chunked);
            }
            else
            {
                await connection.SendAsync(connection.RequestBuffer.AsMemory(0, length));
            }

            if (await ReadHeadAsync(connection) is not { } head)
            {
                return UploadFailed(context, upload) ?? (IsStale(context, connection, reused, upload) ? null
                    : Fail(context, ForwarderError.Request, new HttpRequestException(HttpRequestError.ResponseEnded, "the upstream closed the connection before answering")));
            }

            if (CopyHead(context, head) is { } rejected)
            {
                return Fail(context, ForwarderError.ResponseHeaders, rejected);
            }

            copying = true;
            reusable = await CopyBodyAsync(context, connection, head);
            if (upload is not null)
            {
                if (!upload.Completion.IsCompleted)
                {
                    // An early answer (a 413) reaches the client while the rest of its upload is awaited.
                    await context.Response.BodyWriter.FlushAsync();
                }

                await upload.FinishAsync(answered: true);
            }

            // Bytes after the answer were never asked for, and an answer before the whole body went
            // leaves the upstream mid-request: either way the connection is not trusted again.
            reusable &= connection.Buffered.IsEmpty && (upload is null || upload.Sent);
            return context.RequestAborted.IsCancellationRequested ? Fail(context, ForwarderError.RequestCanceled, null) : ForwarderError.None;
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            return (copying ? null : UploadFailed(context, upload)) ?? TransportFailed(context, connection, e, timeout, copying, reused && upload is null);
        }
        catch (Http1ProtocolException e)
        {
            return copying ? BrokeOff(context, ForwarderError.ResponseBodyDestination, e)
                : Fail(context, ForwarderError.Request, new HttpRequestException(HttpRequestError.InvalidResponse, e.Message, e));
        }
        finally
        {
            registration.Dispose();
            await ReleaseAsync(pool, connection, upload, reusable);
        }
    }

    /// <summary>Back to the pool when the exchange left it clean, else closed; an upload still running ends first.</summary>
    private static async ValueTask ReleaseAsync(Http1Pool pool, Http1Connection connection, Http1Upload? upload, bool reusable)
    {
        if (upload is not null)
        {
            // The upload writes into the connection's buffer: it ends before the connection is reused or freed.
            await upload.FinishAsync(answered: false);
        }

        if (connection.End() && reusable)
        {
            pool.Return(connection);
        }
        else
        {
            connection.Dispose();
        }
    }

    /// <summary>
    /// The upload broke before any answer: the client's side (a reset, a malformed or oversized body)
    /// is the client's fault; the upstream's (it closed while taking the body) is told as YARP tells it.
    /// </summary>
    private static ForwarderError? UploadFailed(HttpContext context, Http1Upload? upload) => upload switch
    {
        { ClientError: { } client } => Fail(context, ForwarderError.RequestBodyClient, client),
        { UpstreamError: { } upstream } => Fail(context, ForwarderError.RequestBodyDestination, upstream),
        _ => null,
    };

    /// <summary>The final response head, 1xx answers skipped (the client does without them); null when the upstream closed first.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Http1ResponseHead?> ReadHeadAsync(Http1Connection connection)
    {
        var head = connection.Head;
        while (true)
        {
            var headLength = connection.Buffered.Span.IndexOf("\r\n\r\n"u8);
            if (headLength < 0)
            {
                connection.Arm();
                if (await connection.ReceiveAsync() == 0)
                {
                    return null;
                }

                continue;
            }

            if (!head.TryParse(connection.Buffered.Span[..headLength], out var invalid) || head.Status == StatusCodes.Status101SwitchingProtocols)
            {
                throw new Http1ProtocolException($"invalid response from the upstream: {invalid ?? "101 to a request that asked for no upgrade"}");
            }

            connection.Consume(headLength + 4);
            if (head.Status >= 200)
            {
                return head;
            }
        }
    }

    /// <summary>Status, headers and length into Kestrel's response; the exception when Kestrel refuses a header value (a control or non-ASCII character).</summary>
    private static InvalidOperationException? CopyHead(HttpContext context, Http1ResponseHead head)
    {
        var response = context.Response;
        try
        {
            response.StatusCode = head.Status;
            var headers = response.Headers;
            foreach (var header in head.Headers)
            {
                headers.Append(header.Key, header.Value);
            }

            if (head.ContentLength >= 0 && head.Status != StatusCodes.Status204NoContent)
            {
                response.ContentLength = head.ContentLength;
            }

            return null;
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }

    /// <summary>Passes the body on by its framing; true when the connection can carry another request afterwards.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> CopyBodyAsync(HttpContext context, Http1Connection connection, Http1ResponseHead head)
    {
        if (head.HasNoBody(HttpMethods.IsHead(context.Request.Method)))
        {
            return head.Reusable;
        }

        if (head.ContentLength >= 0)
        {
            var buffered = connection.Buffered;
            if (buffered.Length >= head.ContentLength)
            {
                // The usual small answer: the whole body came with the head. It is left for Kestrel
                // to send as the response ends, after the connection is back in the pool: a client
                // that sends its next request as soon as it has this answer finds the connection
                // there, not a new one opened beside it. Over HTTP/2 the body and the end of the
                // stream go in one DATA frame instead of two.
                var body = (int)head.ContentLength;
                if (!context.Response.HasStarted)
                {
                    await context.Response.StartAsync();
                }

                context.Response.BodyWriter.Write(buffered.Span[..body]);
                connection.Consume(body);
            }
            else
            {
                await Http1BodyCopy.CopyLengthAsync(context, connection, head.ContentLength);
            }

            return head.Reusable;
        }

        if (head.Chunked)
        {
            await Http1BodyCopy.CopyChunkedAsync(context, connection);
            return head.Reusable;
        }

        await Http1BodyCopy.CopyToCloseAsync(context, connection);
        return false;
    }

    /// <summary>A socket failure, read: the response timeout, the client leaving, a cut mid-body, a stale kept connection (null), or a failure before any answer.</summary>
    private static ForwarderError? TransportFailed(HttpContext context, Http1Connection connection, Exception e, TimeSpan timeout, bool copying, bool reused)
    {
        if (connection.TimedOut)
        {
            var silence = new TimeoutException($"the upstream sent nothing for {timeout.TotalSeconds:0.###}s");
            return copying ? BrokeOff(context, ForwarderError.ResponseBodyCanceled, silence) : Fail(context, ForwarderError.RequestTimedOut, silence);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return Fail(context, ForwarderError.RequestCanceled, e);
        }

        if (copying)
        {
            return BrokeOff(context, ForwarderError.ResponseBodyDestination, e);
        }

        return IsStale(context, connection, reused) ? null
            : Fail(context, ForwarderError.Request, new HttpRequestException(HttpRequestError.Unknown, e.Message, e));
    }

    /// <summary>
    /// A kept connection failed before any byte of an answer: the request may go out again if replaying
    /// it is safe (RFC 9110 9.2.2). One whose body went, even in part, is not: a body is read once.
    /// </summary>
    private static bool IsStale(HttpContext context, Http1Connection connection, bool reused, Http1Upload? upload = null) =>
        reused && upload is null && connection.Buffered.IsEmpty && RequestReplay.IsIdempotent(context.Request.Method);

    /// <summary>The origin-form request target: what follows the upstream's authority in the URL.</summary>
    private static ReadOnlySpan<char> Target(string url, int offset) =>
        offset < url.Length && url[offset] == '/' ? url.AsSpan(offset) : string.Concat("/", url.AsSpan(offset));

    /// <summary>The upstream failed mid-response: once the client has part of it, cutting its connection is the only honest signal.</summary>
    private static ForwarderError BrokeOff(HttpContext context, ForwarderError error, Exception exception)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
        }

        return Fail(context, error, exception);
    }

    /// <summary>A connect that failed is what HttpClient calls a connection error; one the client's leaving cancelled is the client's.</summary>
    private static ForwarderError ConnectFailed(HttpContext context, Exception e) =>
        e is OperationCanceledException
            ? Fail(context, ForwarderError.RequestCanceled, e)
            : Fail(context, ForwarderError.Request, new HttpRequestException(HttpRequestError.ConnectionError, e.Message, e));

    private static ForwarderError Fail(HttpContext context, ForwarderError error, Exception? exception)
    {
        context.Features.Set<IForwarderErrorFeature>(new ForwarderErrorFeature(error, exception));
        return error;
    }

    /// <summary>What the request head is written from: the Host line, and the URL with where its path starts.</summary>
    private readonly record struct RequestLine(byte[] HostLine, string Url, int TargetOffset);
}
