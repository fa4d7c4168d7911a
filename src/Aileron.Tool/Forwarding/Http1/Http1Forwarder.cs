using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// Forwards the common request — HTTP/1.x from the client, no body, no upgrade, to an <c>http://</c>
/// upstream — over its own pooled HTTP/1.1 connections, straight from Kestrel's parsed request to
/// bytes and from the upstream's bytes to Kestrel's response, without the HttpRequestMessage /
/// HttpResponseMessage round trip of YARP and HttpClient (a third of the proxy's CPU per request
/// under load). Everything else goes through YARP. It reports failures as YARP does (a
/// <see cref="ForwarderError"/> plus an <see cref="IForwarderErrorFeature"/> carrying the same kinds
/// of exception HttpClient throws), so the handler's retry, health and problem answers do not
/// depend on which path a request took.
/// </summary>
internal sealed class Http1Forwarder : IDisposable
{
    /// <summary>How often idle connections past <see cref="Http1Pool.IdleTimeout"/> are closed.</summary>
    private static readonly TimeSpan ScavengeEvery = TimeSpan.FromSeconds(15);

    /// <summary>The sweep for response timeouts runs at a quarter of the shortest one, between these bounds.</summary>
    private static readonly TimeSpan FastestSweep = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan SlowestSweep = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Destination> _destinations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Http1Pool> _pools = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConnectTimeouts _connectTimeouts;
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;
    private readonly Lock _tuning = new();
    private TimeSpan _sweepEvery = SlowestSweep;
    private long _lastScavenge;

    public Http1Forwarder(ConnectTimeouts connectTimeouts, TimeProvider time)
    {
        _connectTimeouts = connectTimeouts;
        _time = time;
        _lastScavenge = time.GetTimestamp();
        _sweeper = time.CreateTimer(static s => ((Http1Forwarder)s!).Sweep(), this, SlowestSweep, SlowestSweep);
    }

    /// <summary>Whether this request to an upstream under <paramref name="prefix"/> can take this path.</summary>
    public static bool CanForward(HttpContext context, string prefix)
    {
        var request = context.Request;
        if (!prefix.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || !(HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol)))
        {
            return false;
        }

        var features = context.Features;
        return features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
            && features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true }
            && request.ContentLength is null or 0
            && !request.Headers.ContainsKey(HeaderNames.TransferEncoding);
    }

    /// <summary>The pool of <paramref name="prefix"/>'s authority, for tests.</summary>
    public Http1Pool PoolOf(string prefix) => Resolve(prefix).Pool;

    /// <summary>
    /// Forwards the request to <paramref name="url"/> (which starts with <paramref name="prefix"/>) and
    /// copies the response back. <paramref name="responseTimeout"/> bounds each silence of the upstream.
    /// </summary>
    public ValueTask<ForwarderError> SendAsync(HttpContext context, string prefix, string url, TimeSpan responseTimeout)
    {
        if (responseTimeout < _sweepEvery * 4 && responseTimeout > TimeSpan.Zero)
        {
            SweepFaster(responseTimeout);
        }

        return ForwardAsync(context, Resolve(prefix), url, responseTimeout);
    }

    /// <summary>
    /// One exchange, in one state machine on the hot path: take a pooled connection (or open one),
    /// write the head, read the response head, copy status and headers, pass the body on. A pooled
    /// connection the upstream closed while idle is found before the request goes out
    /// (<see cref="Http1Pool.Rent"/>); one it closes as the request goes out fails before any byte of
    /// an answer, and then an idempotent request goes out once more on a new connection (as
    /// HttpClient does). Anything else may have been processed, and is not replayed.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<ForwarderError> ForwardAsync(HttpContext context, Destination destination, string url, TimeSpan timeout)
    {
        var pool = destination.Pool;
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

            var response = context.Response;
            var copying = false;
            var reusable = false;
            var stale = false;
            // Begun before the registration, so a client already gone abandons this exchange at once.
            connection.Begin(timeout);
            var registration = context.RequestAborted.UnsafeRegister(static s => ((Http1Connection)s!).Abandon(), connection);
            try
            {
                var length = Http1RequestHead.Write(context, Target(url, destination.TargetOffset), pool.HostLine, ref connection.RequestBuffer);
                await connection.SendAsync(connection.RequestBuffer.AsMemory(0, length));

                var head = connection.Head;
                while (true)
                {
                    var headLength = connection.Buffered.Span.IndexOf("\r\n\r\n"u8);
                    if (headLength < 0)
                    {
                        connection.Arm();
                        if (await connection.ReceiveAsync() > 0)
                        {
                            continue;
                        }

                        stale = reused && connection.Buffered.IsEmpty && RequestReplay.IsIdempotent(context.Request.Method);
                        if (stale)
                        {
                            break;
                        }

                        return Fail(context, ForwarderError.Request, new HttpRequestException(HttpRequestError.ResponseEnded, "the upstream closed the connection before answering"));
                    }

                    if (!head.TryParse(connection.Buffered.Span[..headLength], out var invalid) || head.Status == StatusCodes.Status101SwitchingProtocols)
                    {
                        return Fail(context, ForwarderError.Request, new HttpRequestException(
                            HttpRequestError.InvalidResponse, $"invalid response from the upstream: {invalid ?? "101 to a request that asked for no upgrade"}"));
                    }

                    connection.Consume(headLength + 4);
                    if (head.Status >= 200)
                    {
                        break;
                    }

                    // 100 Continue, 103 Early Hints: interim answers the client does without.
                }

                if (!stale)
                {
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
                    }
                    catch (InvalidOperationException e)
                    {
                        // A header value Kestrel will not send (a control or non-ASCII character).
                        return Fail(context, ForwarderError.ResponseHeaders, e);
                    }

                    copying = true;
                    if (head.HasNoBody(HttpMethods.IsHead(context.Request.Method)))
                    {
                        reusable = head.Reusable;
                    }
                    else if (head.ContentLength >= 0)
                    {
                        var buffered = connection.Buffered;
                        if (buffered.Length >= head.ContentLength)
                        {
                            // The usual small answer: the whole body came with the head.
                            var body = (int)head.ContentLength;
                            await response.BodyWriter.WriteAsync(buffered[..body]);
                            connection.Consume(body);
                        }
                        else
                        {
                            await CopyLengthAsync(context, connection, head.ContentLength);
                        }

                        reusable = head.Reusable;
                    }
                    else if (head.Chunked)
                    {
                        await CopyChunkedAsync(context, connection);
                        reusable = head.Reusable;
                    }
                    else
                    {
                        await CopyToCloseAsync(context, connection);
                    }

                    // Bytes after the answer were never asked for: the connection is not trusted again.
                    reusable &= connection.Buffered.IsEmpty;
                    return context.RequestAborted.IsCancellationRequested ? Fail(context, ForwarderError.RequestCanceled, null) : ForwarderError.None;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
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

                stale = reused && connection.Buffered.IsEmpty && RequestReplay.IsIdempotent(context.Request.Method);
                if (!stale)
                {
                    return Fail(context, ForwarderError.Request, new HttpRequestException(HttpRequestError.Unknown, e.Message, e));
                }
            }
            catch (Http1ProtocolException e)
            {
                return copying ? BrokeOff(context, ForwarderError.ResponseBodyDestination, e)
                    : Fail(context, ForwarderError.Request, new HttpRequestException(HttpRequestError.InvalidResponse, e.Message, e));
            }
            finally
            {
                registration.Dispose();
                if (connection.End() && reusable)
                {
                    pool.Return(connection);
                }
                else
                {
                    connection.Dispose();
                }
            }

            connection = null;
            reused = false;
        }
    }

    /// <summary>The origin-form request target: what follows the upstream's authority in the URL.</summary>
    private static ReadOnlySpan<char> Target(string url, int offset) =>
        offset < url.Length && url[offset] == '/' ? url.AsSpan(offset) : string.Concat("/", url.AsSpan(offset));

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask CopyLengthAsync(HttpContext context, Http1Connection connection, long length)
    {
        var writer = context.Response.BodyWriter;
        var remaining = length;
        while (remaining > 0)
        {
            await FillBodyAsync(context, connection);
            var buffered = connection.Buffered;
            var take = (int)Math.Min(remaining, buffered.Length);
            await writer.WriteAsync(buffered[..take]);
            connection.Consume(take);
            remaining -= take;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask CopyToCloseAsync(HttpContext context, Http1Connection connection)
    {
        var writer = context.Response.BodyWriter;
        while (true)
        {
            var buffered = connection.Buffered;
            if (buffered.IsEmpty)
            {
                await StartIfIdleAsync(context);
                connection.Arm();
                if (await connection.ReceiveAsync() == 0)
                {
                    return;
                }

                continue;
            }

            await writer.WriteAsync(buffered);
            connection.Consume(buffered.Length);
        }
    }

    /// <summary>Decodes a chunked body (RFC 9112 7.1) and passes its data on; trailer fields are read and dropped.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask CopyChunkedAsync(HttpContext context, Http1Connection connection)
    {
        while (true)
        {
            var lineLength = await ReadLineAsync(context, connection);
            var size = ChunkSize(connection.Buffered.Span[..lineLength]);
            connection.Consume(lineLength + 2);
            if (size == 0)
            {
                // Trailer section, up to the empty line: Kestrel sends no trailers over HTTP/1.1.
                while ((lineLength = await ReadLineAsync(context, connection)) > 0)
                {
                    connection.Consume(lineLength + 2);
                }

                connection.Consume(2);
                return;
            }

            await CopyLengthAsync(context, connection, size);
            if (await ReadLineAsync(context, connection) != 0)
            {
                throw new Http1ProtocolException("a chunk is longer than its size says");
            }

            connection.Consume(2);
        }
    }

    /// <summary>Waits for at least one buffered byte of a body that must go on; throws when the upstream ends it early.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask FillBodyAsync(HttpContext context, Http1Connection connection)
    {
        if (!connection.Buffered.IsEmpty)
        {
            return;
        }

        await StartIfIdleAsync(context);
        connection.Arm();
        if (await connection.ReceiveAsync() == 0)
        {
            throw new IOException("the upstream closed the connection in the middle of the response body");
        }
    }

    /// <summary>
    /// Sends the status and headers before waiting on a body that has not arrived, so a client of a
    /// slow or streaming upstream (server-sent events) sees the response begin when the upstream does.
    /// </summary>
    private static ValueTask StartIfIdleAsync(HttpContext context)
    {
        if (context.Response.HasStarted)
        {
            return default;
        }

        // Kestrel's StartAsync only buffers the head; a flush puts it on the wire.
        var flush = context.Response.BodyWriter.FlushAsync();
        return flush.IsCompletedSuccessfully ? default : new ValueTask(flush.AsTask());
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> ReadLineAsync(HttpContext context, Http1Connection connection)
    {
        while (true)
        {
            var end = connection.Buffered.Span.IndexOf("\r\n"u8);
            if (end >= 0)
            {
                return end;
            }

            await StartIfIdleAsync(context);
            connection.Arm();
            if (await connection.ReceiveAsync(limit: 16 * 1024) == 0)
            {
                throw new IOException("the upstream closed the connection in the middle of a chunked body");
            }
        }
    }

    private static long ChunkSize(ReadOnlySpan<byte> line)
    {
        var extension = line.IndexOf((byte)';');
        var digits = (extension < 0 ? line : line[..extension]).TrimEnd(" \t"u8);
        if (digits.IsEmpty || digits.Length > 15)
        {
            throw new Http1ProtocolException("invalid chunk size");
        }

        long size = 0;
        foreach (var b in digits)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => throw new Http1ProtocolException("invalid chunk size"),
            };
            size = (size * 16) + digit;
        }

        return size;
    }

    /// <summary>The upstream failed mid-response: once the client has part of it, cutting its connection is the only honest signal.</summary>
    private static ForwarderError BrokeOff(HttpContext context, ForwarderError error, Exception exception)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
        }

        return Fail(context, error, exception);
    }

    private Destination Resolve(string prefix)
    {
        if (_destinations.TryGetValue(prefix, out var known))
        {
            return known;
        }

        var uri = new Uri(prefix, UriKind.Absolute);
        var pool = _pools.GetOrAdd(uri.Authority, _ => new Http1Pool(uri, _connectTimeouts, _time));
        var pathStart = prefix.IndexOf('/', "http://".Length);
        return _destinations.GetOrAdd(prefix, new Destination(pool, pathStart < 0 ? prefix.Length : pathStart));
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

    private void SweepFaster(TimeSpan timeout)
    {
        var every = TimeSpan.FromTicks(Math.Max(FastestSweep.Ticks, timeout.Ticks / 4));
        lock (_tuning)
        {
            if (every < _sweepEvery)
            {
                _sweepEvery = every;
                _sweeper.Change(every, every);
            }
        }
    }

    /// <summary>Closes the connections silent past their response timeout; every <see cref="ScavengeEvery"/>, the idle ones past theirs.</summary>
    private void Sweep()
    {
        var scavenge = _time.GetElapsedTime(_lastScavenge) >= ScavengeEvery;
        if (scavenge)
        {
            _lastScavenge = _time.GetTimestamp();
        }

        foreach (var pool in _pools.Values)
        {
            pool.Sweep();
            if (scavenge)
            {
                pool.CloseExpired();
            }
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }
    }

    /// <param name="TargetOffset">Where the path starts in a URL built on the prefix.</param>
    private sealed record Destination(Http1Pool Pool, int TargetOffset);

}
