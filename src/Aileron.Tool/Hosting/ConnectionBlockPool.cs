using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Aileron.Hosting;

/// <summary>
/// The blocks Kestrel's socket transport reads clients' bytes into and writes answers from: 8 KB
/// instead of Kestrel's 4 KB, so a request head with a body of a few KB (an API's POST) arrives in one
/// read and one pass through the connection's pipe, not two. Connections wait for data before they
/// take a block (<see cref="SocketTransportOptions.WaitForDataBeforeAllocatingBuffer"/>), so an idle
/// keep-alive connection holds none. Blocks that stayed unused through a whole
/// <see cref="TrimEvery"/> are let go, so a burst of connections does not keep its memory.
/// </summary>
internal sealed class ConnectionBlockPool : MemoryPool<byte>
{
    public const int BlockSize = 8 * 1024;

    /// <summary>How often blocks idle since the last look are released (Kestrel's own pool looks every 10 s).</summary>
    public static readonly TimeSpan TrimEvery = TimeSpan.FromSeconds(10);

    /// <summary>Kestrel takes its pool from this option, which it does not make public.</summary>
    private static readonly PropertyInfo? FactoryOption = typeof(SocketTransportOptions)
        .GetProperty("MemoryPoolFactory", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly ConcurrentQueue<Block> _idle = new();
    private readonly ITimer _trim;
    private int _idleCount;
    private int _fewestIdle;
    private bool _disposed;

    public ConnectionBlockPool(TimeProvider time) => _trim = time.CreateTimer(_ => Trim(), null, TrimEvery, TrimEvery);

    public override int MaxBufferSize => BlockSize;

    /// <summary>Blocks returned and not rented again since.</summary>
    public int IdleCount => Volatile.Read(ref _idleCount);

    /// <summary>Makes the socket transport take its blocks from pools of this kind; false when this Kestrel has no such option (its own pool is kept).</summary>
    public static bool UseIn(SocketTransportOptions options, TimeProvider time)
    {
        if (FactoryOption?.PropertyType != typeof(IMemoryPoolFactory<byte>))
        {
            return false;
        }

        FactoryOption.SetValue(options, new Factory(time));
        return true;
    }

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (!_idle.TryDequeue(out var block))
        {
            Volatile.Write(ref _fewestIdle, 0);
            return new Block(this);
        }

        var idle = Interlocked.Decrement(ref _idleCount);
        if (idle < Volatile.Read(ref _fewestIdle))
        {
            Volatile.Write(ref _fewestIdle, idle);
        }

        return block;
    }

    /// <summary>Lets go of as many blocks as stayed idle through the whole period just ended.</summary>
    public void Trim()
    {
        var spare = Math.Min(Volatile.Read(ref _fewestIdle), IdleCount);
        for (var i = 0; i < spare && _idle.TryDequeue(out _); i++)
        {
            Interlocked.Decrement(ref _idleCount);
        }

        Volatile.Write(ref _fewestIdle, IdleCount);
    }

    protected override void Dispose(bool disposing)
    {
        Volatile.Write(ref _disposed, true);
        _trim.Dispose();
        _idle.Clear();
    }

    private void Return(Block block)
    {
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        _idle.Enqueue(block);
        Interlocked.Increment(ref _idleCount);
    }

    private sealed class Factory(TimeProvider time) : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new ConnectionBlockPool(time);
    }

    /// <summary>A pinned array: the socket reads into it without pinning it each time.</summary>
    private sealed class Block(ConnectionBlockPool pool) : IMemoryOwner<byte>
    {
        public Memory<byte> Memory { get; } = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);

        public void Dispose() => pool.Return(this);
    }
}
