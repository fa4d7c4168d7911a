using System.Diagnostics;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Proxy;

/// <summary>
/// A client connection that opens and sends nothing, or trickles its first request line, costs the
/// proxy a connection for no longer than the server's <c>requestHeadersTimeout</c>, counted from the
/// moment the connection was accepted (not from the first byte, and not the much longer
/// <c>keepAliveTimeout</c>, which is for idle time between requests). The deadline is three times the
/// timeout: Kestrel adds one heartbeat (a second) to a timeout and checks it once a second, so it
/// closes such a connection between one and two seconds after the timeout itself.
/// </summary>
public sealed class SilentClientTests
{
    private static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Deadline = 3 * HeadersTimeout;

    [Fact]
    public async Task A_connection_that_sends_nothing_is_closed_within_requestHeadersTimeout_of_accept()
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await StartAsync(upstream);
        var clock = Stopwatch.StartNew();
        using var connection = await RawConnection.OpenAsync(proxy.BaseAddress.Port);

        var received = await connection.ReadUntilClosedAsync((int)Deadline.TotalMilliseconds);

        Assert.True(clock.Elapsed < Deadline, $"closed after {clock.Elapsed}");
        Assert.True(received.Length == 0 || RawConnection.StatusOf(received) == 408, received);
        Assert.Empty(upstream.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task A_request_line_trickled_a_byte_every_200_ms_is_cut_within_requestHeadersTimeout_of_accept(int silentSteps)
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await StartAsync(upstream);
        var clock = Stopwatch.StartNew();
        using var connection = await RawConnection.OpenAsync(proxy.BaseAddress.Port);
        var reading = connection.ReadUntilClosedAsync((int)Deadline.TotalMilliseconds + 2000);

        // The pauses are the hostile client's pace, not waits for a condition: it stops when the proxy closes.
        for (var i = 0; i < silentSteps && !reading.IsCompleted; i++)
        {
            await Task.WhenAny(reading, Task.Delay(200));
        }

        foreach (var b in "GET /trickled/" + new string('a', 100) + " HTTP/1.1\r\nHost: a\r\n\r\n")
        {
            if (reading.IsCompleted)
            {
                break;
            }

            await connection.SendAsync(b.ToString());
            await Task.WhenAny(reading, Task.Delay(200));
        }

        var received = await reading;
        Assert.True(clock.Elapsed < Deadline, $"closed after {clock.Elapsed}");
        Assert.True(received.Length == 0 || RawConnection.StatusOf(received) == 408, received);
        Assert.Empty(upstream.Requests);
    }

    private static Task<TestProxy> StartAsync(ScriptedUpstream upstream) =>
        TestProxy.StartAsync(TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])),
            $"requestHeadersTimeout: {HeadersTimeout.TotalSeconds}s"));
}
