using System.Net;
using System.Net.Sockets;
using Aileron.Health;
using Aileron.Hosting;
using Aileron.Observability;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Aileron.Tests.Hosting;

/// <summary>Taking listeners out of service: at once, or drained up to a deadline that a force can cut short.</summary>
public sealed class ServerRetirementTests
{
    [Fact]
    public async Task Stopping_now_refuses_new_connections_without_waiting_for_the_shutdown_timeout()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]), shutdownTimeout: 30));

        await ServerRetirement.StopNowAsync(proxy.Host.Servers).WaitAsync(TimeSpan.FromSeconds(10));

        using var socket = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port));
    }

    [Fact]
    public async Task A_drain_the_force_cuts_short_says_so_in_the_log()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]), shutdownTimeout: 30));
        var lines = new LogCapture();
        var log = new ProxyLog(lines, LogLevel.Information, LogFormat.Text, TimeProvider.System);
        using var retirement = Retirement(proxy, log);

        await retirement.DrainAsync(proxy.Host.Servers[0], new CancellationToken(canceled: true)).WaitAsync(TimeSpan.FromSeconds(10));
        await log.DisposeAsync(); // writes out every line queued

        Assert.Contains("draining", lines.Text, StringComparison.Ordinal);
        Assert.Contains("drain cut short", lines.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drain_that_ends_in_time_is_not_cut_short()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]), shutdownTimeout: 30));
        var lines = new LogCapture();
        var log = new ProxyLog(lines, LogLevel.Information, LogFormat.Text, TimeProvider.System);
        using var retirement = Retirement(proxy, log);

        await retirement.DrainAsync(proxy.Host.Servers[0], CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await log.DisposeAsync(); // writes out every line queued

        Assert.Contains("draining", lines.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("drain cut short", lines.Text, StringComparison.Ordinal);
    }

    private static ServerRetirement Retirement(TestProxy proxy, ProxyLog log) =>
        new(log.For<ServerRetirementTests>(), TimeProvider.System, new HealthFeedback(NoFeedback.Instance), proxy.Host.Clients, () => proxy.Host.Runtime);
}
