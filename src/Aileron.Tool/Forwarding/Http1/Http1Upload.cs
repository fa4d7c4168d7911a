using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// A request body on its way to the upstream, sent while the response is read: an upstream may
/// answer before it has read the whole body, or stream its answer as the body arrives, and waiting
/// for the upload to end first would leave both sides blocked on full socket buffers. Each piece
/// Kestrel hands over goes out at once (a chunked upload reaches the upstream piece by piece); a body
/// already in Kestrel's buffers when the request is forwarded leaves in the same send as the head.
/// Failures are kept apart by side: the client's (a broken or oversized upload) and the upstream's.
/// </summary>
internal sealed class Http1Upload
{
    /// <summary>The most the request buffer grows to before what it holds is sent.</summary>
    private const int MaxSend = 64 * 1024;

    /// <summary>A Content-Length body up to this size is gathered whole and sent with the head, in one send.</summary>
    private const int GatherLimit = 16 * 1024;

    private readonly HttpContext _context;
    private readonly Http1Connection _connection;
    private readonly bool _chunked;
    private int _pending;
    private long _unsent;

    private Http1Upload(HttpContext context, Http1Connection connection, bool chunked, int headLength)
    {
        _context = context;
        _connection = connection;
        _chunked = chunked;
        _pending = headLength;
        _unsent = context.Request.ContentLength ?? long.MaxValue;
    }

    /// <summary>Ends when the whole body is sent or the upload failed; it never throws.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Reading the client's body failed: the upstream got part of it, and its connection is closed.</summary>
    public Exception? ClientError { get; private set; }

    /// <summary>Sending to the upstream failed (it closed or reset the connection).</summary>
    public Exception? UpstreamError { get; private set; }

    /// <summary>True when the whole body went out.</summary>
    public bool Sent => Completion.IsCompletedSuccessfully && ClientError is null && UpstreamError is null;

    /// <summary>
    /// Whether <paramref name="request"/> has a body this client can frame: a Content-Length, or
    /// chunked alone (a body under another transfer coding is YARP's), and no <c>Expect: 100-continue</c>,
    /// which YARP's client honours by waiting for the upstream's 100 before it sends the body. A body
    /// kept for a retry (a seekable stream, retryConfig.maxContentLength) is YARP's too: it is read
    /// again from its start as a stream, which the request's pipe reader cannot do.
    /// </summary>
    public static bool CanSend(HttpRequest request)
    {
        var headers = request.Headers;
        if (headers.ContainsKey(HeaderNames.Expect) || request.Body.CanSeek)
        {
            return false;
        }

        return request.ContentLength is > 0 ? headers.TransferEncoding.Count == 0 : IsChunked(request);
    }

    /// <summary>The body goes out chunked: the client sent it chunked (a Content-Length is kept as it came).</summary>
    public static bool IsChunked(HttpRequest request) =>
        request.ContentLength is null && request.Headers.TransferEncoding is { Count: 1 } encoding
        && "chunked".Equals(encoding[0], StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Sends the request head (the first <paramref name="headLength"/> bytes of the connection's
    /// request buffer) and then the body (framed in chunks when <paramref name="chunked"/>), returning
    /// once the upload runs on its own.
    /// </summary>
    public static Http1Upload Start(HttpContext context, Http1Connection connection, int headLength, bool chunked)
    {
        var upload = new Http1Upload(context, connection, chunked, headLength);
        upload.Completion = upload.RunAsync();
        return upload;
    }

    /// <summary>
    /// Ends the upload once the exchange is over. An upstream that answered before reading the whole
    /// body (nginx's <c>return</c>, a 413) still reads the rest of a small one and keeps the
    /// connection: when what is left of a Content-Length body is at most one send, the upload is let
    /// finish (the client sends it at once, or Kestrel's minimum data rate cuts it), and the
    /// connection can serve again. A larger or chunked rest is not waited for: the upload is
    /// stopped, and the upstream's connection closed.
    /// </summary>
    public async ValueTask FinishAsync(bool answered)
    {
        if (answered && _unsent <= MaxSend)
        {
            await Completion;
            return;
        }

        if (!Completion.IsCompleted)
        {
            // Either side may be what it waits on: the upstream's socket, or the client's next piece.
            _connection.Abandon();
            _context.Request.BodyReader.CancelPendingRead();
        }

        await Completion;
    }

    private async Task RunAsync()
    {
        var reader = _context.Request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                if (_pending > 0 && _unsent <= GatherLimit)
                {
                    result = await GatherAsync(reader);
                }
                else if (!reader.TryRead(out result))
                {
                    // Nothing of the body yet: the head goes now, so the upstream can start (or refuse) early.
                    if (!await FlushAsync())
                    {
                        return;
                    }

                    result = await reader.ReadAsync();
                }
            }
            catch (Exception e)
            {
                // Whatever broke the client's upload (a reset, a malformed chunk, too large a body):
                // the upstream has a partial request, so its connection cannot be used again.
                ClientError = e;
                _connection.Abandon();
                return;
            }

            if (result.IsCanceled)
            {
                // Stopped: the answer came first, and the upstream's connection is closed. Kestrel drains the rest.
                reader.AdvanceTo(result.Buffer.Start);
                UpstreamError ??= new OperationCanceledException("the upstream answered before the whole request body was sent");
                return;
            }

            var sent = await SendAsync(result.Buffer, result.IsCompleted);
            _unsent -= result.Buffer.Length;
            reader.AdvanceTo(result.Buffer.End);
            if (!sent || result.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Reads until the whole (small) body is in Kestrel's buffer, as it mostly is already when the request arrives.</summary>
    private async ValueTask<ReadResult> GatherAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted || result.IsCanceled || result.Buffer.Length >= _unsent)
            {
                return result;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>Frames one read of the body into the request buffer and sends it; false when the upstream failed.</summary>
    private async ValueTask<bool> SendAsync(ReadOnlySequence<byte> body, bool last)
    {
        if (_chunked && !body.IsEmpty)
        {
            AppendChunkSize(body.Length);
        }

        foreach (var segment in body)
        {
            for (var rest = segment; !rest.IsEmpty;)
            {
                var take = Math.Min(rest.Length, Room(rest.Length));
                if (take == 0)
                {
                    if (!await FlushAsync())
                    {
                        return false;
                    }

                    continue;
                }

                rest.Span[..take].CopyTo(_connection.RequestBuffer.AsSpan(_pending));
                _pending += take;
                rest = rest[take..];
            }
        }

        if (_chunked)
        {
            Append(body.IsEmpty ? [] : "\r\n"u8);
            Append(last ? "0\r\n\r\n"u8 : []);
        }

        return await FlushAsync();
    }

    /// <summary>Framing bytes: a few, so the buffer is grown for them rather than flushed.</summary>
    private void Append(ReadOnlySpan<byte> bytes)
    {
        Grow(_pending + bytes.Length);
        bytes.CopyTo(_connection.RequestBuffer.AsSpan(_pending));
        _pending += bytes.Length;
    }

    private void AppendChunkSize(long size)
    {
        Span<byte> line = stackalloc byte[18];
        size.TryFormat(line, out var digits, "x", System.Globalization.CultureInfo.InvariantCulture);
        "\r\n"u8.CopyTo(line[digits..]);
        Append(line[..(digits + 2)]);
    }

    /// <summary>Free space in the request buffer for <paramref name="wanted"/> more bytes, grown up to <see cref="MaxSend"/> first.</summary>
    private int Room(int wanted)
    {
        Grow(Math.Min(MaxSend, _pending + wanted));
        return _connection.RequestBuffer.Length - _pending;
    }

    private void Grow(int size)
    {
        var buffer = _connection.RequestBuffer;
        if (buffer.Length >= size)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, _pending).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        _connection.RequestBuffer = bigger;
    }

    /// <summary>Sends what the buffer holds; false (the failure kept) when the upstream's side failed.</summary>
    private async ValueTask<bool> FlushAsync()
    {
        if (_pending == 0)
        {
            return true;
        }

        try
        {
            await _connection.SendAsync(_connection.RequestBuffer.AsMemory(0, _pending));
            _pending = 0;
            // The upstream is taking the body: that is not the silence the response timeout bounds.
            _connection.Arm();
            return true;
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or IOException)
        {
            UpstreamError = e;
            return false;
        }
    }
}
