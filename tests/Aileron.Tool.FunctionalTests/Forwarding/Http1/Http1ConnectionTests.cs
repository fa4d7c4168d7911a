using System.Buffers;
using System.Net.Sockets;
using Aileron.Forwarding.Http1;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Forwarding.Http1;

/// <summary>What one upstream connection holds while its exchange waits, reads and ends, over a real loopback socket.</summary>
public sealed class Http1ConnectionTests : IDisposable
{
    private readonly LoopbackPool _loopback = new(new FakeTimeProvider());

    private TcpListener Upstream => _loopback.Upstream;

    private Http1Pool Pool => _loopback.Pool;

    [Fact]
    public async Task A_connection_holds_a_receive_buffer_only_from_its_answers_arrival_to_the_exchanges_end()
    {
        var connection = await Pool.ConnectAsync(CancellationToken.None);
        using var accepted = await Upstream.AcceptSocketAsync();
        Pool.Return(connection);
        Assert.Same(connection, Pool.Rent());
        connection.Begin(TimeSpan.FromSeconds(30));
        Assert.Equal(0, connection.BufferSize);

        var receive = connection.ReceiveAsync().AsTask();
        Assert.False(receive.IsCompleted);
        Assert.Equal(0, connection.BufferSize);
        await accepted.SendAsync("HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());
        var read = await receive;

        Assert.True(connection.BufferSize >= read);
        connection.Consume(read);
        Assert.True(connection.End());
        Assert.Equal(0, connection.BufferSize);
    }

    [Fact]
    public async Task An_exchange_that_ends_with_bytes_unconsumed_keeps_them_for_the_check_that_refuses_its_connection()
    {
        var connection = await Pool.ConnectAsync(CancellationToken.None);
        using var accepted = await Upstream.AcceptSocketAsync();
        connection.Begin(TimeSpan.FromSeconds(30));
        await accepted.SendAsync("HTTP/1.1 204 No Content\r\n\r\nEXTRA"u8.ToArray());
        await Eventually.True(() => connection.HasMoreReady, "the answer to arrive");
        var read = await connection.ReceiveAsync();

        connection.Consume(read - "EXTRA".Length);
        Assert.True(connection.End());
        Assert.Equal("EXTRA", System.Text.Encoding.ASCII.GetString(connection.Buffered.Span));
        Assert.False(connection.TryStartReadAhead());
    }

    [Fact]
    public async Task A_body_longer_than_the_buffer_is_read_into_a_32_KB_buffer_once_what_is_buffered_is_passed_on()
    {
        var connection = await Pool.ConnectAsync(CancellationToken.None);
        using var accepted = await Upstream.AcceptSocketAsync();
        connection.Begin(TimeSpan.FromSeconds(30));
        await accepted.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 60000\r\n\r\nfirst"u8.ToArray());
        var read = await connection.ReceiveAsync();
        var initial = connection.BufferSize;

        connection.GrowForBody(60_000);
        Assert.Equal(initial, connection.BufferSize);
        connection.Consume(read);
        connection.GrowForBody(initial);
        Assert.Equal(initial, connection.BufferSize);
        connection.GrowForBody(60_000);
        Assert.Equal(32 * 1024, connection.BufferSize);

        Assert.True(connection.End());
        Assert.Equal(0, connection.BufferSize);
    }

    [Fact]
    public async Task A_request_buffer_an_upload_grew_goes_back_when_the_exchange_ends_and_one_grown_for_a_long_head_stays()
    {
        var connection = await Pool.ConnectAsync(CancellationToken.None);
        using var accepted = await Upstream.AcceptSocketAsync();
        var longHead = ArrayPool<byte>.Shared.Rent(2 * 1024);
        ArrayPool<byte>.Shared.Return(connection.RequestBuffer);
        connection.RequestBuffer = longHead;
        connection.Begin(TimeSpan.FromSeconds(30));
        Assert.True(connection.End());
        Assert.Same(longHead, connection.RequestBuffer);

        ArrayPool<byte>.Shared.Return(connection.RequestBuffer);
        connection.RequestBuffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        connection.Begin(TimeSpan.FromSeconds(30));
        Assert.True(connection.End());
        Assert.Equal(1024, connection.RequestBuffer.Length);
        connection.Dispose();
    }

    public void Dispose() => _loopback.Dispose();
}
