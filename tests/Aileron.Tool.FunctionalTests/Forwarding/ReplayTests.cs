using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// A kept upstream connection that fails after the upstream has read a request, before any byte of
/// an answer, looks like one the upstream closed while it was idle; but the upstream may have acted
/// on the request. A request that is not safe to replay (POST, with or without a body) must reach the
/// upstream exactly once and the client gets a 502; an idempotent one may be sent once more.
/// </summary>
public sealed class ReplayTests
{
    public static TheoryData<string, string, string> Posts
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var forwarder in (string[])[Forwarders.Http1, Forwarders.Yarp])
            {
                foreach (var how in (string[])["close", "reset"])
                {
                    foreach (var body in (string[])["empty", "small"])
                    {
                        data.Add(forwarder, how, body);
                    }
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string> Gets => Forwarders.With("close", "reset");

    public static TheoryData<string> Both => Forwarders.Both;

    [Theory]
    [MemberData(nameof(Posts))]
    public async Task A_post_whose_reused_connection_fails_after_the_upstream_read_it_reaches_the_upstream_once_and_gets_502(
        string forwarder, string how, string body)
    {
        await using var upstream = FailingFirst("/x", how);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);
        var content = body == "empty" ? string.Empty : "hello";

        // The same kind of request first, so the one under test goes out on the connection it left.
        Forwarders.AssertOwn(await Forwarders.SendAsync(proxy, Post("/warm", content)), "/warm");
        await Forwarders.SettledAsync(proxy, upstream, connection: 1, bodiless: content.Length == 0);
        var response = await Forwarders.SendAsync(proxy, Post("/x", content));

        Assert.Equal(1, upstream.Count("POST", "/x"));
        Assert.True(response.Status == 502, $"POST /x was answered:\n{response}");
    }

    [Theory]
    [MemberData(nameof(Gets))]
    public async Task A_get_whose_reused_connection_fails_after_the_upstream_read_it_is_sent_at_most_once_more_and_succeeds(string forwarder, string how)
    {
        await using var upstream = FailingFirst("/x", how);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, "/warm"), "/warm");
        await Forwarders.SettledAsync(proxy, upstream, connection: 1);
        var response = await Forwarders.GetAsync(proxy, "/x");

        Assert.InRange(upstream.Count("GET", "/x"), 1, 2);
        Forwarders.AssertOwn(response, "/x");
    }

    [Theory]
    [MemberData(nameof(Gets))]
    public async Task A_put_with_a_small_body_whose_reused_connection_fails_after_the_upstream_read_it_reaches_the_upstream_once_and_gets_502(
        string forwarder, string how)
    {
        // PUT is idempotent, but its body was read from the client once and is gone: a second copy
        // could only go out without it.
        await using var upstream = FailingFirst("/x", how);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        Forwarders.AssertOwn(await Forwarders.SendAsync(proxy, Forwarders.Request("PUT", "/warm", "Content-Length: 5\r\n", "hello")), "/warm");
        await Forwarders.SettledAsync(proxy, upstream, connection: 1);
        var response = await Forwarders.SendAsync(proxy, Forwarders.Request("PUT", "/x", "Content-Length: 5\r\n", "hello"));

        Assert.Equal(1, upstream.Count("PUT", "/x"));
        Assert.Equal("hello", Assert.Single(upstream.Requests, r => r.Target == "/x").Body);
        Assert.True(response.Status == 502, $"PUT /x was answered:\n{response}");
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task A_post_with_expect_100_continue_whose_connection_closes_after_its_body_reaches_the_upstream_once_and_gets_502(string forwarder)
    {
        var failed = 0;
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            if (r.Target == "/x" && Interlocked.Exchange(ref failed, 1) == 0)
            {
                await r.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n");
                await r.ReadBodyAsync();
                r.Close();
                return;
            }

            await r.AnswerOwnAsync();
        });
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        Forwarders.AssertOwn(await Forwarders.SendAsync(proxy, Post("/warm", "hello")), "/warm");
        var response = await Forwarders.SendAsync(proxy, Forwarders.Request("POST", "/x", "Expect: 100-continue\r\nContent-Length: 5\r\n", "hello"));

        Assert.Equal(1, upstream.Count("POST", "/x"));
        Assert.Equal("hello", Assert.Single(upstream.Requests, r => r.Target == "/x").Body);
        Assert.True(response.Status == 502, $"POST /x was answered:\n{response}");
    }

    /// <summary>
    /// Answers every request with its own answer, except the first request for <paramref name="target"/>:
    /// that one it reads whole, then closes or resets the connection without a byte of answer.
    /// </summary>
    private static ScriptedUpstream FailingFirst(string target, string how)
    {
        var failed = 0;
        return ScriptedUpstream.Start(async r =>
        {
            if (r.Target == target && Interlocked.Exchange(ref failed, 1) == 0)
            {
                await r.ReadBodyAsync();
                if (how == "reset")
                {
                    r.Reset();
                }
                else
                {
                    r.Close();
                }

                return;
            }

            await r.AnswerOwnAsync();
        });
    }

    private static string Post(string target, string content) =>
        Forwarders.Request("POST", target, $"Content-Length: {content.Length}\r\n", content);
}
