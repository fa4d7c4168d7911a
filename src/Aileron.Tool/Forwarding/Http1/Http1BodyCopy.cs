using System.Buffers;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// Passes an upstream's response body on to the client as it arrives, by its framing (RFC 9112 6):
/// a Content-Length, chunked (decoded, and re-framed by Kestrel), or until the upstream closes. A
/// body that is slow to come gets the response head sent first, so streaming answers (server-sent
/// events) reach the client when the upstream sends them. Nothing is buffered beyond one flush's worth.
/// </summary>
internal static class Http1BodyCopy
{
    /// <summary>The most of a body written to Kestrel's pipe between flushes.</summary>
    private const int FlushEvery = 64 * 1024;

    /// <summary>
    /// Copies <paramref name="length"/> bytes. What the upstream has sent goes to Kestrel's pipe
    /// without a flush while more is ready on the socket, and is flushed before waiting for more or
    /// every <see cref="FlushEvery"/> bytes: a large answer leaves in a few large writes, a trickling one
    /// as it trickles, and the pipe never holds more than one flush's worth.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask CopyLengthAsync(HttpContext context, Http1Connection connection, long length)
    {
        var writer = context.Response.BodyWriter;
        var remaining = length;
        var unflushed = 0;
        if (!context.Response.HasStarted)
        {
            // Kestrel hands out no buffer to write into before the response has started.
            await context.Response.StartAsync();
        }

        while (remaining > 0)
        {
            if (unflushed > 0 && connection.Buffered.IsEmpty && (unflushed >= FlushEvery || !connection.HasMoreReady))
            {
                await writer.FlushAsync();
                unflushed = 0;
            }

            connection.GrowForBody(remaining);
            await FillBodyAsync(context, connection);
            var buffered = connection.Buffered;
            var take = (int)Math.Min(remaining, buffered.Length);
            writer.Write(buffered.Span[..take]);
            unflushed += take;
            connection.Consume(take);
            remaining -= take;
        }

        if (unflushed > 0)
        {
            await writer.FlushAsync();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask CopyToCloseAsync(HttpContext context, Http1Connection connection)
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
    public static async ValueTask CopyChunkedAsync(HttpContext context, Http1Connection connection)
    {
        while (true)
        {
            var lineLength = await ReadLineAsync(context, connection);
            var size = ChunkSize(connection.Buffered.Span[..lineLength]);
            connection.Consume(lineLength + 2);
            if (size == 0)
            {
                // Trailer section, up to the empty line: passed on to a client that takes trailers
                // (HTTP/2), as YARP does; Kestrel sends none over HTTP/1.1.
                var trailers = context.Response.SupportsTrailers();
                while ((lineLength = await ReadLineAsync(context, connection)) > 0)
                {
                    if (trailers)
                    {
                        Http1Trailers.Append(context.Response, connection.Buffered.Span[..lineLength]);
                    }

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
}
