namespace Aileron.Hosting;

/// <summary>A request body that remembers whether it has been read to its end.</summary>
internal sealed class BodyEndStream(Stream inner) : Stream
{
    private volatile bool _ended;

    public bool Ended => _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Note(inner.Read(buffer, offset, count), count);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Note(await inner.ReadAsync(buffer, cancellationToken), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken) =>
        CopyAsync(destination, bufferSize, cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task CopyAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
    {
        await inner.CopyToAsync(destination, bufferSize, cancellationToken);
        _ended = true;
    }

    private int Note(int read, int asked)
    {
        if (read == 0 && asked > 0)
        {
            _ended = true;
        }

        return read;
    }
}
