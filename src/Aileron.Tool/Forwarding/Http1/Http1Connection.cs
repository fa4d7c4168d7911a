using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// One pooled HTTP/1.1 connection to an upstream: the socket, a receive buffer holding what was read
/// and not yet consumed (taken from the array pool when data arrives, given back when the exchange
/// ends), a buffer for request heads, the parsed head of the current response, and
/// the deadline of the exchange in progress. A timeout (found by <see cref="Http1Pool.Sweep"/>) or
/// the client going away closes the socket, which ends whatever read or write is pending: the hot
/// path registers no cancellation per socket operation and arms no timer per request, it only
/// writes a timestamp.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    /// <summary>HttpClient's default limit on a response's header section.</summary>
    public const int MaxHeadBytes = 64 * 1024;

    private const int InitialBuffer = 4 * 1024;
    private const int HeadBuffer = 1024;
    private const int KeptRequestBuffer = 4 * 1024;
    private const int BodyBuffer = 32 * 1024;
    private const int Idle = 0;
    private const int Busy = 1;
    private const int Expired = 2;
    private const int Abandoned = 3;

    private readonly Socket _socket;
    private readonly TimeProvider _time;
    private readonly Action<Http1Connection> _disposed;
    private long _timeoutTicks;
    private long _deadline = long.MaxValue;
    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private int _state;
    private int _disposing;
    private ValueTask<int> _readAhead;
    private readonly PendingRead<int> _receive;
    private bool _readingAhead;

    /// <param name="disposed">Told once when the connection is disposed, so its pool stops sweeping it.</param>
    public Http1Connection(Socket socket, TimeProvider time, Action<Http1Connection> disposed)
    {
        _socket = socket;
        // Reads that follow a wait for data are tried synchronously: without blocking, a read that
        // finds nothing says so instead of waiting.
        _socket.Blocking = false;
        _receive = new PendingRead<int>(ReceivedLater);
        _time = time;
        _disposed = disposed;
        IdleSince = time.GetTimestamp();
    }

    /// <summary>The parser (and its reusable header strings) of this connection's responses.</summary>
    public Http1ResponseHead Head { get; } = new();

    /// <summary>Where request heads are written before they are sent; may be replaced by a bigger pooled array.</summary>
    public byte[] RequestBuffer = ArrayPool<byte>.Shared.Rent(HeadBuffer);

    /// <summary>The timestamp at which the connection went back to the pool.</summary>
    public long IdleSince { get; set; }

    /// <summary>The receive buffer's size: 0 while nothing is buffered and no read is filling it.</summary>
    public int BufferSize => _buffer.Length;

    /// <summary>Bytes read from the upstream and not consumed yet.</summary>
    public ReadOnlyMemory<byte> Buffered => _buffer.AsMemory(_start, _end - _start);

    /// <summary>The upstream was silent for longer than the response timeout, and the connection was closed.</summary>
    public bool TimedOut => Volatile.Read(ref _state) == Expired;

    /// <summary>
    /// Called when the connection leaves the pool: starts waiting for the response before the
    /// request goes out. An upstream owes nothing on an idle connection, so a wait that ends at once
    /// found bytes it sent unasked (a late body, a 408 before it closed, a smuggled answer) or its
    /// FIN: the connection is not to be used, and none of those bytes is ever parsed as the response
    /// to the next request (SocketsHttpHandler checks the same way). The wait is an empty read, so the
    /// connection holds no receive buffer while its upstream works on the request: at a thousand
    /// requests in flight, that is 4 MB the pool does not hold. It costs no system call of its own:
    /// .NET peeks once (where a read would find nothing and wait), and reads only once data is there.
    /// </summary>
    /// <returns>False when the upstream spoke or closed while the connection was idle.</returns>
    public bool TryStartReadAhead()
    {
        if (!Buffered.IsEmpty)
        {
            return false;
        }

        ReleaseBuffer();
        ValueTask<int> pending;
        try
        {
            pending = _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }

        if (pending.IsCompleted)
        {
            // Observed, so a failure is not left unobserved.
            _ = pending.AsTask().Exception;
            return false;
        }

        _readAhead = pending;
        _readingAhead = true;
        return true;
    }

    /// <summary>True when the upstream has sent bytes or closed: for an idle connection, a reason to drop it.</summary>
    public bool HasSpokenWhileIdle()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>Starts an exchange whose every silence of the upstream is bounded by <paramref name="timeout"/>.</summary>
    public void Begin(TimeSpan timeout)
    {
        _timeoutTicks = timeout > TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan
            ? (long)(timeout.TotalSeconds * _time.TimestampFrequency)
            : 0;
        Volatile.Write(ref _state, Busy);
        Arm();
    }

    /// <summary>Restarts the silence timeout: called before each read.</summary>
    public void Arm() => Volatile.Write(ref _deadline, _timeoutTicks == 0 ? long.MaxValue : _time.GetTimestamp() + _timeoutTicks);

    /// <summary>Ends the exchange; false when the timeout or <see cref="Abandon"/> closed the connection first.</summary>
    public bool End()
    {
        Volatile.Write(ref _deadline, long.MaxValue);
        ReleaseBuffer();
        ShrinkRequestBuffer();
        return Interlocked.CompareExchange(ref _state, Idle, Busy) == Busy;
    }

    /// <summary>Closes the connection when its exchange has been silent past the deadline; for the sweeper.</summary>
    public void ExpireIfSilentSince(long now)
    {
        if (now > Volatile.Read(ref _deadline))
        {
            Stop(Expired);
        }
    }

    /// <summary>The client went away: closes the connection, ending the pending read or write.</summary>
    public void Abandon() => Stop(Abandoned);

    /// <summary>Sends all of <paramref name="bytes"/>; on loopback this almost always completes at once.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> bytes)
    {
        var pending = _socket.SendAsync(bytes, SocketFlags.None);
        if (!pending.IsCompletedSuccessfully)
        {
            return SendRestAsync(pending, bytes);
        }

        var sent = pending.Result;
        return sent == bytes.Length ? default : SendRestAsync(new ValueTask<int>(sent), bytes);
    }

    /// <summary>True when the upstream has sent more than is buffered: reading it will not wait.</summary>
    public bool HasMoreReady
    {
        get
        {
            try
            {
                return _socket.Available > 0;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// A large body is read in larger pieces: the buffer, when empty and smaller than the
    /// <paramref name="remaining"/> body, grows to <see cref="BodyBuffer"/> (given back when the exchange ends).
    /// </summary>
    public void GrowForBody(long remaining)
    {
        if (_start == _end && _buffer.Length < BodyBuffer && remaining > _buffer.Length)
        {
            ReleaseBuffer();
            _buffer = ArrayPool<byte>.Shared.Rent(BodyBuffer);
        }
    }

    /// <summary>Marks <paramref name="count"/> buffered bytes as consumed.</summary>
    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>
    /// Reads more into the buffer, growing it up to <paramref name="limit"/>; returns the number of
    /// bytes read, 0 when the upstream closed the connection. Throws when the buffer is full at the limit.
    /// </summary>
    public ValueTask<int> ReceiveAsync(int limit = MaxHeadBytes)
    {
        if (_readingAhead)
        {
            _readingAhead = false;
            if (!_readAhead.IsCompleted)
            {
                return ReceiveWhenReadyAsync(_readAhead, limit);
            }

            _readAhead.GetAwaiter().GetResult();
        }

        MakeRoom(limit);
        var pending = _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        return pending.IsCompletedSuccessfully ? new ValueTask<int>(Received(pending.Result)) : _receive.Await(pending);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposing, 1) == 1)
        {
            return;
        }

        _socket.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        ArrayPool<byte>.Shared.Return(RequestBuffer);
        _disposed(this);
    }

    private void Stop(int why)
    {
        if (Interlocked.CompareExchange(ref _state, why, Busy) == Busy)
        {
            _socket.Dispose();
        }
    }

    /// <summary>
    /// The thread the last receive that had to wait completed on: the event thread of the socket's
    /// epoll engine, where its answers will be handled (0 until one did). The pool rents by it.
    /// </summary>
    public int Home { get; set; }

    /// <summary>
    /// The read ahead saw data (or the FIN) arrive: it is read at once into a buffer taken now. The
    /// wait may also have ended on a notice about bytes an earlier read already took; then the read
    /// finds nothing, and waits as any other.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveWhenReadyAsync(ValueTask<int> ready, int limit)
    {
        await ready.ConfigureAwait(false);
        Home = Environment.CurrentManagedThreadId;
        MakeRoom(limit);
        var read = _socket.Receive(_buffer.AsSpan(_end), SocketFlags.None, out var error);
        return error switch
        {
            SocketError.Success => Received(read),
            SocketError.WouldBlock => await ReceiveAsync(limit).ConfigureAwait(false),
            _ => throw new SocketException((int)error),
        };
    }

    /// <summary>Gives the receive buffer back to the pool while it holds nothing; the next read takes one again.</summary>
    private void ReleaseBuffer()
    {
        if (_buffer.Length == 0 || _start != _end)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _start = _end = 0;
    }

    /// <summary>
    /// An upload grows the request buffer to hold the head and a piece of its body (up to 64 KB);
    /// kept, that would stay with the idle connection. A buffer grown for long heads (up to 4 KB)
    /// is kept, so a client whose heads are always long does not take a new one per request.
    /// </summary>
    private void ShrinkRequestBuffer()
    {
        if (RequestBuffer.Length <= KeptRequestBuffer)
        {
            return;
        }

        ArrayPool<byte>.Shared.Return(RequestBuffer);
        RequestBuffer = ArrayPool<byte>.Shared.Rent(HeadBuffer);
    }

    private int ReceivedLater(int read)
    {
        Home = Environment.CurrentManagedThreadId;
        return Received(read);
    }

    private int Received(int read)
    {
        _end += read;
        return read;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendRestAsync(ValueTask<int> pending, ReadOnlyMemory<byte> bytes)
    {
        bytes = bytes[await pending..];
        while (!bytes.IsEmpty)
        {
            bytes = bytes[await _socket.SendAsync(bytes, SocketFlags.None)..];
        }
    }

    private void MakeRoom(int limit)
    {
        if (_end < _buffer.Length)
        {
            return;
        }

        if (_buffer.Length == 0)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
            return;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        else if (_buffer.Length >= limit)
        {
            throw new Http1ProtocolException($"the response's header section (or a chunk-size line) is longer than {limit / 1024} KB");
        }
        else
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, _buffer.Length * 2));
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
    }
}
