using System.Net.Sockets;
using Aileron.Forwarding;
using Aileron.Forwarding.Http1;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Forwarding.Http1;

/// <summary>Keeping, aging out and timing out pooled upstream connections, on a fake clock.</summary>
public sealed class Http1PoolTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly LoopbackPool _loopback;
    private readonly TcpListener _upstream;
    private readonly Http1Pool _pool;

    public Http1PoolTests()
    {
        _loopback = new LoopbackPool(_time);
        (_upstream, _pool) = (_loopback.Upstream, _loopback.Pool);
    }

    [Fact]
    public void The_host_line_names_the_upstream_as_http_clients_do()
    {
        using var defaultPort = new Http1Pool(new Uri("http://Example.com:80/base"), new ConnectTimeouts(TimeSpan.FromSeconds(1)), _time);
        using var v6 = new Http1Pool(new Uri("http://[::1]:8080"), new ConnectTimeouts(TimeSpan.FromSeconds(1)), _time);

        Assert.Equal("Host: example.com\r\n", System.Text.Encoding.ASCII.GetString(defaultPort.HostLine));
        Assert.Equal("Host: [::1]:8080\r\n", System.Text.Encoding.ASCII.GetString(v6.HostLine));
    }

    [Fact]
    public async Task The_most_recently_returned_connection_is_rented_first()
    {
        var first = await _pool.ConnectAsync(CancellationToken.None);
        var second = await _pool.ConnectAsync(CancellationToken.None);
        _pool.Return(first);
        _pool.Return(second);

        Assert.Same(second, _pool.Rent());
        Assert.Same(first, _pool.Rent());
        Assert.Null(_pool.Rent());
    }

    [Fact]
    public async Task An_idle_connection_whose_answers_complete_on_the_renting_thread_is_rented_before_more_recent_ones()
    {
        var here = await _pool.ConnectAsync(CancellationToken.None);
        var elsewhere = await _pool.ConnectAsync(CancellationToken.None);
        (here.Home, elsewhere.Home) = (7, 9);
        _pool.Return(here);
        _pool.Return(elsewhere);

        Assert.Same(here, _pool.Rent(thread: 7));
        Assert.Same(elsewhere, _pool.Rent(thread: 7));
    }

    [Fact]
    public async Task Only_the_most_recently_returned_are_searched_for_the_renting_threads_connection()
    {
        var deep = await _pool.ConnectAsync(CancellationToken.None);
        deep.Home = 7;
        _pool.Return(deep);
        var recent = new List<Http1Connection>();
        for (var i = 0; i < Http1Pool.HomeSearch; i++)
        {
            var connection = await _pool.ConnectAsync(CancellationToken.None);
            connection.Home = 9;
            _pool.Return(connection);
            recent.Add(connection);
        }

        Assert.Same(recent[^1], _pool.Rent(thread: 7));
        Assert.Same(deep, _pool.Rent(thread: 7));
    }

    [Fact]
    public async Task A_connection_idle_past_the_idle_timeout_is_closed_instead_of_reused()
    {
        var connection = await _pool.ConnectAsync(CancellationToken.None);
        _pool.Return(connection);

        _time.Advance(Http1Pool.IdleTimeout + TimeSpan.FromSeconds(1));

        Assert.Null(_pool.Rent());
        Assert.Equal(0, _pool.IdleCount);
    }

    [Fact]
    public async Task Closing_expired_connections_keeps_the_young_ones()
    {
        var old = await _pool.ConnectAsync(CancellationToken.None);
        _pool.Return(old);
        _time.Advance(Http1Pool.IdleTimeout - TimeSpan.FromSeconds(10));
        var young = await _pool.ConnectAsync(CancellationToken.None);
        _pool.Return(young);
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(1, _pool.CloseExpired());
        Assert.Same(young, _pool.Rent());
    }

    [Fact]
    public async Task A_sweep_closes_an_exchange_silent_past_its_timeout_and_spares_one_within_it()
    {
        var silent = await _pool.ConnectAsync(CancellationToken.None);
        var talking = await _pool.ConnectAsync(CancellationToken.None);
        silent.Begin(TimeSpan.FromSeconds(2));
        talking.Begin(TimeSpan.FromSeconds(2));

        _time.Advance(TimeSpan.FromSeconds(1.5));
        talking.Arm();
        _time.Advance(TimeSpan.FromSeconds(1));
        _pool.Sweep();

        Assert.True(silent.TimedOut);
        Assert.False(silent.End());
        Assert.False(talking.TimedOut);
        Assert.True(talking.End());
    }

    [Fact]
    public async Task A_read_pending_on_a_connection_that_times_out_ends_at_once()
    {
        var connection = await _pool.ConnectAsync(CancellationToken.None);
        connection.Begin(TimeSpan.FromSeconds(1));
        var read = connection.ReceiveAsync().AsTask();

        _time.Advance(TimeSpan.FromSeconds(2));
        _pool.Sweep();

        var ended = await Record.ExceptionAsync(() => read.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(ended is SocketException or ObjectDisposedException, ended?.ToString() ?? "the read did not end");
        Assert.True(connection.TimedOut);
    }

    [Theory]
    [InlineData("bytes")]
    [InlineData("close")]
    [InlineData("reset")]
    public async Task A_connection_the_upstream_spoke_on_or_closed_while_idle_is_never_rented(string what)
    {
        var connection = await _pool.ConnectAsync(CancellationToken.None);
        using var accepted = await _upstream.AcceptSocketAsync();
        _pool.Return(connection);

        await UpstreamActsAsync(accepted, what);
        await Eventually.True(connection.HasSpokenWhileIdle, "the upstream's bytes or FIN to arrive");

        Assert.Null(_pool.Rent());
        Assert.Equal(0, _pool.IdleCount);
    }

    [Fact]
    public async Task A_quiet_idle_connection_is_rented_with_its_response_read_started()
    {
        var connection = await _pool.ConnectAsync(CancellationToken.None);
        using var accepted = await _upstream.AcceptSocketAsync();
        _pool.Return(connection);

        Assert.Same(connection, _pool.Rent());
        await accepted.SendAsync("HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());

        Assert.True(await connection.ReceiveAsync() > 0);
        Assert.StartsWith("HTTP/1.1 204", System.Text.Encoding.ASCII.GetString(connection.Buffered.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receive_that_had_to_wait_records_the_thread_it_completed_on_as_the_connections_home()
    {
        var connection = await _pool.ConnectAsync(CancellationToken.None);
        using var accepted = await _upstream.AcceptSocketAsync();
        _pool.Return(connection);
        Assert.Same(connection, _pool.Rent());
        Assert.Equal(0, connection.Home);

        var completedOn = 0;
        var receive = connection.ReceiveAsync().AsTask().ContinueWith(
            t => completedOn = Environment.CurrentManagedThreadId, TaskContinuationOptions.ExecuteSynchronously);
        await accepted.SendAsync("HTTP/1.1 204 No Content\r\n\r\n"u8.ToArray());
        await receive;

        Assert.NotEqual(0, connection.Home);
        Assert.Equal(completedOn, connection.Home);
    }

    [Theory]
    [InlineData("bytes")]
    [InlineData("close")]
    public async Task Closing_expired_connections_also_drops_those_the_upstream_spoke_on_or_closed(string what)
    {
        var quiet = await _pool.ConnectAsync(CancellationToken.None);
        using var quietAccepted = await _upstream.AcceptSocketAsync();
        var spoken = await _pool.ConnectAsync(CancellationToken.None);
        using var spokenAccepted = await _upstream.AcceptSocketAsync();
        _pool.Return(quiet);
        _pool.Return(spoken);

        await UpstreamActsAsync(spokenAccepted, what);
        await Eventually.True(spoken.HasSpokenWhileIdle, "the upstream's bytes or FIN to arrive");

        Assert.Equal(1, _pool.CloseExpired());
        Assert.Same(quiet, _pool.Rent());
    }

    private static async Task UpstreamActsAsync(Socket accepted, string what)
    {
        switch (what)
        {
            case "bytes":
                await accepted.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nSMUGGLED"u8.ToArray());
                break;
            case "close":
                accepted.Shutdown(SocketShutdown.Both);
                break;
            default:
                accepted.LingerState = new LingerOption(true, 0);
                accepted.Close();
                break;
        }
    }

    public void Dispose() => _loopback.Dispose();
}
