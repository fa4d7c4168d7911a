using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>
/// A client connection that opens and sends nothing (or only the first bytes of a request, or of the
/// HTTP/2 preface the server sniffs for) costs the proxy a connection for no longer than the server's
/// <c>requestHeadersTimeout</c>, counted from the moment the connection was accepted: not the much
/// longer <c>keepAliveTimeout</c>, which is for idle time between requests.
/// </summary>
public sealed class SilentClientTests
{
    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PRI * HTTP/2.0\r\n\r\n")]
    [InlineData("GET /silent HTTP/1.1\r\n")]
    public async Task A_connection_that_goes_silent_after_its_first_bytes_is_closed_within_requestHeadersTimeout_of_accept(string first)
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await ClientTimeouts.StartAsync(upstream);
        using var connection = await RawConnection.OpenAsync(proxy.BaseAddress.Port);
        var closed = connection.ReadUntilClosedAsync((int)ClientTimeouts.Deadline.TotalMilliseconds);

        if (first.Length > 0)
        {
            await connection.SendAsync(first);
        }

        var received = await closed;

        Assert.True(received.Length == 0 || RawConnection.StatusOf(received) is 400 or 408, received);
        Assert.Empty(upstream.Requests);
    }
}

/// <summary>
/// A client that trickles its first request line, a byte every 200 ms (slowloris), is cut within the
/// server's <c>requestHeadersTimeout</c> of the moment its connection was accepted, however long it
/// waited before its first byte, and however steadily it keeps sending.
/// </summary>
public sealed class TrickledRequestLineTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task A_request_line_trickled_a_byte_every_200_ms_is_cut_within_requestHeadersTimeout_of_accept(int silentSteps)
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await ClientTimeouts.StartAsync(upstream);
        using var connection = await RawConnection.OpenAsync(proxy.BaseAddress.Port);
        var reading = connection.ReadUntilClosedAsync((int)ClientTimeouts.Deadline.TotalMilliseconds);

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
        Assert.True(received.Length == 0 || RawConnection.StatusOf(received) == 408, received);
        Assert.Empty(upstream.Requests);
    }
}

/// <summary>
/// The server of the silent-client tests: <c>requestHeadersTimeout</c> of 2 s, and a deadline three
/// times that, counted from the accept, for the proxy to close the connection (the read fails the
/// test if it is still open then). Kestrel adds one heartbeat (a second) to a timeout and checks it once a second, so it
/// closes such a connection one to two seconds after the timeout itself.
/// </summary>
internal static class ClientTimeouts
{
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Deadline = 3 * HeadersTimeout;

    public static Task<TestProxy> StartAsync(ScriptedUpstream upstream) =>
        TestProxy.StartAsync(TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])),
            $"requestHeadersTimeout: {HeadersTimeout.TotalSeconds}s"));
}
