using System.Net;
using System.Net.Sockets;
using Aileron.Forwarding;
using Aileron.Forwarding.Http1;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Forwarding.Http1;

/// <summary>What one upstream connection holds while its exchange waits, reads and ends, over a real loopback socket.</summary>
public sealed class Http1ConnectionTests : IDisposable
{
    private readonly TcpListener _upstream = new(IPAddress.Loopback, 0);
    private readonly Http1Pool _pool;

    public Http1ConnectionTests()
    {
        _upstream.Start();
        _pool = new Http1Pool(
            new Uri($"http://127.0.0.1:{((IPEndPoint)_upstream.LocalEndpoint).Port}"), new ConnectTimeouts(TimeSpan.FromSeconds(5)), new FakeTimeProvider());
    }

    [Fact]
    public async Task A_connection_holds_a_receive_buffer_only_from_its_answers_arrival_to_the_exchanges_end()
    {
        var connection = await _pool.ConnectAsync(CancellationToken.None);
        using var accepted = await _upstream.AcceptSocketAsync();
        _pool.Return(connection);
        Assert.Same(connection, _pool.Rent());
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
        var connection = await _pool.ConnectAsync(CancellationToken.None);
        using var accepted = await _upstream.AcceptSocketAsync();
        connection.Begin(TimeSpan.FromSeconds(30));
        await accepted.SendAsync("HTTP/1.1 204 No Content\r\n\r\nEXTRA"u8.ToArray());
        await Eventually.True(() => connection.HasMoreReady, "the answer to arrive");
        var read = await connection.ReceiveAsync();

        connection.Consume(read - "EXTRA".Length);
        Assert.True(connection.End());
        Assert.Equal("EXTRA", System.Text.Encoding.ASCII.GetString(connection.Buffered.Span));
        Assert.False(connection.TryStartReadAhead());
    }

    public void Dispose()
    {
        _pool.Dispose();
        _upstream.Stop();
    }
}
