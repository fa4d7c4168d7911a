using System.Net;
using System.Net.Sockets;
using Aileron.Health;
using Aileron.Hosting;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Hosting;

/// <summary>Graceful shutdown and clients that go away.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task Stopping_lets_a_slow_request_finish_and_then_refuses_new_connections()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await TestUpstream.SlowAsync(TimeSpan.FromMilliseconds(600), "slow answer", received);
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]), shutdownTimeout: 10));

        var slow = proxy.Client.GetStringAsync("/slow");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var stopping = proxy.Host.StopAsync();

        Assert.Equal("slow answer", await slow);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));
        using var socket = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port));
    }

    [Fact]
    public async Task A_request_still_running_when_the_shutdown_timeout_ends_is_cut()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            using var registration = c.RequestAborted.Register(() => cut.TrySetResult());
            received.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted);
        });
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]), shutdownTimeout: 1));

        var stuck = proxy.Client.GetAsync("/stuck");
        await received.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The request would run 30 s: the stop ends within 10 s only because the 1 s timeout cut it.
        await proxy.Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => stuck);
        await cut.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_response_is_not_an_upstream_failure()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            if (c.Request.Path == "/ping")
            {
                await c.Response.WriteAsync("pong");
                return;
            }

            c.RequestAborted.Register(() => aborted.TrySetResult());
            var chunk = new byte[1024];
            try
            {
                while (!c.RequestAborted.IsCancellationRequested)
                {
                    await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
                    await c.Response.Body.FlushAsync(c.RequestAborted);
                    await Task.Delay(10, c.RequestAborted);
                }
            }
            catch (OperationCanceledException)
            {
                // The proxy let go of this request: what the test waits for.
            }
        });
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.OverAsync([upstream], options: new ProxyHostOptions { Feedback = feedback });

        using (var response = await proxy.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[4096];
            var total = 0;
            while (total < 8192)
            {
                total += await body.ReadAsync(buffer);
            }
        }

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => feedback.Reports.Count == 1, "the outcome of the aborted request");

        Assert.Equal(ForwardOutcome.ClientAbort, feedback.Reports[0].Outcome);
        Assert.Equal("pong", await proxy.Client.GetStringAsync("/ping"));
    }
}
