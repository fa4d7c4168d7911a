using System.Net;

namespace Aileron.Forwarding.Yarp;

/// <summary>
/// The upstream request's body as YARP's content writes it, with a flush after every write:
/// <c>HttpClient</c>'s HTTP/1.1 connection otherwise gathers small writes in its 4 KB buffer (and its
/// HTTP/2 stream in its own), so the pieces of a chunked upload would wait for the next 4 KB
/// instead of reaching the upstream as they arrive (YARP flushes only gRPC request bodies). Headers
/// are those of the wrapped content.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly HttpContent _inner;

    public StreamingRequestContent(HttpContent inner)
    {
        _inner = inner;
        foreach (var header in inner.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _inner.CopyToAsync(new FlushingStream(stream), context, cancellationToken);

    /// <summary>The length is in the copied Content-Length header when the client sent one; otherwise the body is chunked.</summary>
    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A write-only view of the connection's request stream that flushes what each write gave it.</summary>
    private sealed class FlushingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            inner.Flush();
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
