using System.Reflection;
using Aileron.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Hosting;

public sealed class ConnectionBlockPoolTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void The_socket_transport_takes_its_blocks_from_the_pool()
    {
        var options = new SocketTransportOptions();

        Assert.True(ConnectionBlockPool.UseIn(options, _time));
        var factory = (IMemoryPoolFactory<byte>)typeof(SocketTransportOptions)
            .GetProperty("MemoryPoolFactory", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(options)!;
        using var pool = factory.Create(new MemoryPoolOptions());
        Assert.IsType<ConnectionBlockPool>(pool);
    }

    [Fact]
    public void A_block_is_8_KB_and_a_returned_one_is_rented_again()
    {
        using var pool = new ConnectionBlockPool(_time);
        var block = pool.Rent();
        var memory = block.Memory;
        Assert.Equal(8 * 1024, memory.Length);
        Assert.Equal(8 * 1024, pool.MaxBufferSize);

        block.Dispose();
        Assert.Equal(1, pool.IdleCount);
        Assert.True(pool.Rent().Memory.Span == memory.Span);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public void More_than_a_block_cannot_be_rented()
    {
        using var pool = new ConnectionBlockPool(_time);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(8 * 1024 + 1));
    }

    [Fact]
    public void Blocks_idle_through_a_whole_period_are_let_go_and_those_that_served_are_kept()
    {
        using var pool = new ConnectionBlockPool(_time);
        var blocks = Enumerable.Range(0, 5).Select(_ => pool.Rent()).ToList();
        blocks.ForEach(b => b.Dispose());
        _time.Advance(ConnectionBlockPool.TrimEvery);
        Assert.Equal(5, pool.IdleCount);

        // Two of the five served in the next period: three stayed idle throughout.
        pool.Rent().Dispose();
        var first = pool.Rent();
        var second = pool.Rent();
        first.Dispose();
        second.Dispose();
        _time.Advance(ConnectionBlockPool.TrimEvery);

        Assert.Equal(2, pool.IdleCount);
        _time.Advance(ConnectionBlockPool.TrimEvery);
        Assert.Equal(0, pool.IdleCount);
    }

    [Fact]
    public void A_period_that_ran_the_pool_empty_lets_nothing_go()
    {
        using var pool = new ConnectionBlockPool(_time);
        var held = pool.Rent();
        pool.Rent().Dispose();
        _time.Advance(ConnectionBlockPool.TrimEvery);
        Assert.Equal(1, pool.IdleCount);

        held.Dispose();
        var again = pool.Rent();
        var fresh = pool.Rent();
        again.Dispose();
        fresh.Dispose();
        _time.Advance(ConnectionBlockPool.TrimEvery);

        Assert.Equal(2, pool.IdleCount);
    }

    [Fact]
    public void A_block_returned_after_the_pool_is_disposed_is_dropped()
    {
        var pool = new ConnectionBlockPool(_time);
        var block = pool.Rent();
        pool.Dispose();

        block.Dispose();

        Assert.Equal(0, pool.IdleCount);
    }
}
