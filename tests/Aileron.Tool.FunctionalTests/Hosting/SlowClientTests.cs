using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>
/// Clients that hold a connection without using it (slowloris headers, a trickled body, a response
/// never read, an idle keep-alive) are disconnected by the server's timeouts and minimum data rate,
/// and the upstream request they tied up is released.
/// </summary>
public sealed class SlowClientTests
{
    [Fact]
    public async Task Headers_trickled_slower_than_requestHeadersTimeout_get_408_and_the_connection_closed()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await StartAsync(upstream, "requestHeadersTimeout: 1s");
        using var connection = await RawConnection.OpenAsync(proxy.BaseAddress.Port);

        // A header line every 200 ms keeps the connection busy; only the headers deadline can end it,
        // and it must within 5 s (the default requestHeadersTimeout is 30 s).
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n");
        var reading = connection.ReadUntilClosedAsync(5_000);
        for (var i = 0; !reading.IsCompleted; i++)
        {
            await connection.SendAsync($"X-Slow-{i}: x\r\n");
            await Task.WhenAny(reading, Task.Delay(200));
        }

        var response = await reading;
        Assert.Equal(408, RawConnection.StatusOf(response));
        Assert.Equal("ok", await proxy.Client.GetStringAsync("/"));
    }

    [Fact]
    public async Task An_idle_keep_alive_connection_is_closed_after_keepAliveTimeout()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await StartAsync(upstream, "keepAliveTimeout: 1s");
        using var connection = await RawConnection.OpenAsync(proxy.BaseAddress.Port);

        await connection.SendAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        // Answered and kept open (no Connection: close): only idleness can close it now, and the
        // default keepAliveTimeout is 130 s, so a close within 5 s is the configured 1 s.
        Assert.Equal(200, response.Status);
        Assert.DoesNotContain("close", response.Values("Connection"), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(string.Empty, await connection.ReadUntilClosedAsync(5_000));
    }

    [Fact]
    public async Task A_body_trickled_below_minDataRate_is_cut_and_the_upstream_request_released()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await TestUpstream.BodyReadingAsync("got it all", aborted);
        await using var proxy = await StartAsync(upstream, "minDataRate: 1000\nminDataRateGracePeriod: 2s");
        using var connection = await RawConnection.OpenAsync(proxy.BaseAddress.Port);

        // 250 bytes a second against a minimum of 1000: cut once the 2 s grace period is over, and
        // within 8 s (the body would take 400 s to arrive at this pace).
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n");
        var reading = connection.ReadUntilClosedAsync(8_000);
        var chunk = new byte[50];
        while (!reading.IsCompleted && await connection.SendAsync(chunk))
        {
            await Task.WhenAny(reading, Task.Delay(200));
        }

        await reading;
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => InFlight(proxy) == 0, "the upstream request to be released");
        using var quick = await proxy.Client.PostAsync("/", new StringContent("quick"));
        Assert.Equal("got it all", await quick.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_client_that_stops_reading_its_response_is_cut_below_minDataRate_and_the_upstream_released()
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            var chunk = new byte[64 * 1024];
            try
            {
                for (var i = 0; i < 4096 && !c.RequestAborted.IsCancellationRequested; i++)
                {
                    await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // Cut off: as good as finished.
            }
            finally
            {
                finished.TrySetResult();
            }
        });

        // Kestrel lets writes that were buffered quickly add up their time at the minimum rate, so
        // the megabytes the socket buffers swallow first earn seconds: a high rate keeps that short.
        await using var proxy = await StartAsync(upstream, "minDataRate: 50000000\nminDataRateGracePeriod: 2s");
        using var connection = await RawConnection.OpenAsync(proxy.BaseAddress.Port);

        // Sent and never read: the socket buffers fill, then the proxy's writes stall until it gives up.
        await connection.SendAsync("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");

        await finished.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.True(() => InFlight(proxy) == 0, "the upstream request to be released");
        var received = await connection.ReadUntilClosedAsync(10_000);
        Assert.True(received.Length < 4096L * 64 * 1024, "the whole response arrived: the client was never cut");
    }

    private static Task<TestProxy> StartAsync(TestUpstream upstream, string serverFields) =>
        TestProxy.StartAsync(TestConfig.WithServerFields(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])), serverFields));

    private static int InFlight(TestProxy proxy) => proxy.Host.LoadBalancers.Values.Single().Balancer.Upstreams[0].InFlight;
}
