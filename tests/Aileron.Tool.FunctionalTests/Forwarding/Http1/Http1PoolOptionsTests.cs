using System.Net;
using System.Net.Sockets;
using Aileron.Forwarding;
using Aileron.Forwarding.Http1;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Forwarding.Http1;

/// <summary>
/// Functional (a loopback listener, a fake clock): an HTTPClient's settings in aileron's HTTP/1.1
/// pool: idleConnTimeout, maxIdleConnsPerHost, disableKeepAlives, a replaced dial target and a local address.
/// </summary>
public sealed class Http1PoolOptionsTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly TcpListener _upstream = new(IPAddress.Loopback, 0);

    public Http1PoolOptionsTests() => _upstream.Start();

    private int Port => ((IPEndPoint)_upstream.LocalEndpoint).Port;

    [Fact]
    public async Task IdleConnTimeout_replaces_the_default_idle_timeout()
    {
        using var pool = Pool(Http1PoolOptions.Default with { IdleTimeout = TimeSpan.FromSeconds(2) });
        pool.Return(await pool.ConnectAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Null(pool.Rent());
    }

    [Fact]
    public async Task MaxIdleConnsPerHost_closes_what_would_be_kept_beyond_it()
    {
        using var pool = Pool(Http1PoolOptions.Default with { MaxIdle = 1 });
        var first = await pool.ConnectAsync(CancellationToken.None);
        var second = await pool.ConnectAsync(CancellationToken.None);

        pool.Return(first);
        pool.Return(second);

        Assert.Equal(1, pool.IdleCount);
    }

    [Fact]
    public async Task Without_keep_alive_each_request_asks_to_close_and_no_connection_is_kept()
    {
        using var pool = Pool(Http1PoolOptions.Default with { KeepAlive = false });

        pool.Return(await pool.ConnectAsync(CancellationToken.None));

        Assert.Equal(0, pool.IdleCount);
        Assert.Equal($"Host: 127.0.0.1:{Port}\r\nConnection: close\r\n", System.Text.Encoding.ASCII.GetString(pool.HostLine));
    }

    [Fact]
    public async Task A_replaced_target_is_dialled_where_the_rule_sends_it()
    {
        var dialer = new UpstreamDialer([new UpstreamDialer.Rule("backend.invalid", 80, new DnsEndPoint("127.0.0.1", Port))], null, null);
        using var pool = new Http1Pool(
            new Uri("http://backend.invalid"), new ConnectTimeouts(TimeSpan.FromSeconds(5)), _time, Http1PoolOptions.Default with { Dialer = dialer });

        using var connection = await pool.ConnectAsync(CancellationToken.None);
        using var accepted = await _upstream.AcceptSocketAsync();

        Assert.True(accepted.Connected);
        Assert.Equal("Host: backend.invalid\r\n", System.Text.Encoding.ASCII.GetString(pool.HostLine));
    }

    [Fact]
    public async Task A_local_address_is_where_connections_come_from()
    {
        var dialer = new UpstreamDialer([], new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0), null);
        using var pool = Pool(Http1PoolOptions.Default with { Dialer = dialer });

        using var connection = await pool.ConnectAsync(CancellationToken.None);
        using var accepted = await _upstream.AcceptSocketAsync();

        Assert.Equal(IPAddress.Parse("127.0.0.2"), ((IPEndPoint)accepted.RemoteEndPoint!).Address);
    }

    public void Dispose() => _upstream.Dispose();

    private Http1Pool Pool(Http1PoolOptions options) =>
        new(new Uri($"http://127.0.0.1:{Port}"), new ConnectTimeouts(TimeSpan.FromSeconds(5)), _time, options);
}
