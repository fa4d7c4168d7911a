using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// An upstream that writes more than it was asked for, right after a complete answer or later on a
/// connection the proxy keeps idle, must never get those bytes taken for the answer to the next
/// request on that connection: each client gets exactly its own answer. The upstream answers every
/// well-behaved request with a body that names its path, so a leaked answer shows.
/// </summary>
public sealed class PooledConnectionDesyncTests
{
    /// <summary>What the hostile upstream slips onto the connection: a whole answer, ready to be taken for the next one.</summary>
    private const string Smuggled = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nSMUGGLED";

    /// <summary>How the first answer, to <c>/a</c>, is framed.</summary>
    public static TheoryData<string, string> Kinds =>
        Forwarders.With("content-length", "chunked", "chunked-with-trailers", "head", "204", "304", "http10-keep-alive");

    public static TheoryData<string> Both => Forwarders.Both;

    [Theory]
    [MemberData(nameof(Kinds))]
    public Task A_response_sent_late_on_an_idle_pooled_connection_never_reaches_the_next_clients(string forwarder, string kind) =>
        LateBytesAsync(forwarder, kind, Smuggled);

    /// <summary>A body the upstream sends after an answer that has none: it announced 7 bytes for the HEAD, or a 204 or 304.</summary>
    public static TheoryData<string, string> Bodiless => Forwarders.With("head", "204", "304");

    [Theory]
    [MemberData(nameof(Bodiless))]
    public Task A_body_sent_late_after_an_answer_without_one_never_reaches_the_next_clients(string forwarder, string kind) =>
        LateBytesAsync(forwarder, kind, "path=/a");

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Bytes_right_after_a_complete_response_in_the_same_write_never_reach_the_next_clients(string forwarder, string kind)
    {
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            if (r.Target == "/a")
            {
                await r.WriteAsync(FirstAnswer(kind) + Smuggled);
                return;
            }

            await r.AnswerOwnAsync();
        });
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        AssertFirst(kind, await Forwarders.SendAsync(proxy, FirstRequest(kind), kind == "head"));

        foreach (var target in (string[])["/b", "/c", "/d"])
        {
            Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, target), target);
        }
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task A_408_and_close_from_the_upstream_on_an_idle_connection_is_not_the_next_clients_answer(string forwarder)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            await r.AnswerOwnAsync();
            if (r.Target != "/a")
            {
                return;
            }

            // An upstream whose idle timeout fired: it says so with a 408 and closes, as nginx and others do.
            r.Later(async () =>
            {
                try
                {
                    await release.Task.WaitAsync(r.Stop);
                    await r.WriteAsync("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
                    r.Close();
                }
                finally
                {
                    written.TrySetResult();
                }
            });
        });
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, "/a"), "/a");
        await Forwarders.SettledAsync(proxy, upstream, connection: 1);
        release.SetResult();
        await written.Task.WaitAsync(Forwarders.Deadline);

        Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, "/b"), "/b");
        var b = Assert.Single(upstream.Requests, r => r.Target == "/b");
        Assert.NotEqual(1, b.Connection);
        Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, "/c"), "/c");
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task An_http10_response_with_transfer_encoding_is_a_502_and_the_next_client_gets_its_own_answer(string forwarder)
    {
        // RFC 9112 6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing; close after it.
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            if (r.Target == "/a")
            {
                await r.WriteAsync("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n7\r\npath=/a\r\n0\r\n\r\n");
                return;
            }

            await r.AnswerOwnAsync();
        });
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder, "responseTimeout: 2s");

        // Its framing cannot be trusted: a 502, as nginx answers.
        Assert.Equal(502, (await Forwarders.GetAsync(proxy, "/a")).Status);

        Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, "/b"), "/b");
        var b = Assert.Single(upstream.Requests, r => r.Target == "/b");
        if (forwarder == "http1")
        {
            // HttpClient keeps a connection whose answer it read whole; see UpstreamFramingTests.
            Assert.True(b.Connection != 1, "GET /b went out on the connection of the HTTP/1.0 answer with Transfer-Encoding");
        }
    }

    /// <summary>
    /// <c>/a</c> gets the answer of <paramref name="kind"/>; once the client has it and the connection
    /// is idle in the proxy's pool, the upstream writes <paramref name="late"/> on it. Every later
    /// client still gets its own answer.
    /// </summary>
    private static async Task LateBytesAsync(string forwarder, string kind, string late)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            if (r.Target != "/a")
            {
                await r.AnswerOwnAsync();
                return;
            }

            await r.WriteAsync(FirstAnswer(kind));
            r.Later(async () =>
            {
                try
                {
                    await release.Task.WaitAsync(r.Stop);
                    await r.WriteAsync(late);
                }
                finally
                {
                    written.TrySetResult();
                }
            });
        });
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        AssertFirst(kind, await Forwarders.SendAsync(proxy, FirstRequest(kind), kind == "head"));
        await Forwarders.SettledAsync(proxy, upstream, connection: 1);
        release.SetResult();
        await written.Task.WaitAsync(Forwarders.Deadline);

        foreach (var target in (string[])["/b", "/c", "/d"])
        {
            Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, target), target);
        }
    }

    private static string FirstRequest(string kind) =>
        kind == "head" ? Forwarders.Request("HEAD", "/a") : Forwarders.Request("GET", "/a", kind == "304" ? "If-None-Match: \"a\"\r\n" : string.Empty);

    private static string FirstAnswer(string kind) => kind switch
    {
        "content-length" => ScriptedUpstream.OwnAnswer("/a"),
        "chunked" => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n7\r\npath=/a\r\n0\r\n\r\n",
        "chunked-with-trailers" => "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n7\r\npath=/a\r\n0\r\nX-Sum: 7\r\n\r\n",
        // The length the body would have had: nothing follows a HEAD answer, a 204 or a 304.
        "head" => "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n",
        "204" => "HTTP/1.1 204 No Content\r\n\r\n",
        "304" => "HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\nContent-Length: 7\r\n\r\n",
        "http10-keep-alive" => "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 7\r\n\r\npath=/a",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static void AssertFirst(string kind, RawResponse response)
    {
        switch (kind)
        {
            case "head":
                Assert.True(response.Status == 200 && response.Body.Length == 0 && response.Rest.Length == 0, $"HEAD /a was answered:\n{response}");
                break;
            case "204" or "304":
                Assert.True(response.Status == int.Parse(kind, System.Globalization.CultureInfo.InvariantCulture) && response.Rest.Length == 0, $"GET /a was answered:\n{response}");
                break;
            default:
                Forwarders.AssertOwn(response, "/a");
                break;
        }
    }
}
