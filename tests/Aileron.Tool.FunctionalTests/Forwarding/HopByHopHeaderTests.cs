using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Headers that belong to one hop (RFC 9110 7.6.1): the standard hop-by-hop ones and whatever the
/// Connection header names never cross the proxy, in either direction; but naming one of the
/// proxy's own headers in Connection does not strip what the proxy itself adds, and the httpoxy
/// <c>Proxy</c> header is never forwarded.
/// </summary>
public sealed class HopByHopHeaderTests
{
    public static TheoryData<string> Both => Forwarders.Both;

    /// <summary>The Connection header lines of a request that names X-Secret as hop-by-hop.</summary>
    public static TheoryData<string, string> NamingConnections => Forwarders.With(
        "Connection: keep-alive, X-Secret\r\n",
        "Connection: X-Secret\r\n",
        "Connection: keep-alive\r\nConnection: x-secret\r\n",
        "Connection: keep-alive,X-Secret , X-Other\r\n");

    [Theory]
    [MemberData(nameof(NamingConnections))]
    public async Task A_header_the_client_names_in_Connection_does_not_reach_the_upstream(string forwarder, string connection)
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);
        using var client = await RawConnection.OpenAsync(proxy.BaseAddress.Port);

        await client.SendAsync($"GET /h HTTP/1.1\r\nHost: a\r\n{connection}X-Secret: s\r\nX-Kept: k\r\n\r\n");
        Forwarders.AssertOwn(await client.ReadResponseAsync(), "/h");

        var request = Assert.Single(upstream.Requests);
        Assert.Empty(request.Header("X-Secret"));
        Assert.Equal(["k"], request.Header("X-Kept"));
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task Naming_the_forwarded_headers_in_Connection_does_not_strip_the_ones_the_proxy_adds(string forwarder)
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        var response = await Forwarders.SendAsync(proxy, "GET /h HTTP/1.1\r\nHost: a\r\nConnection: close, X-Forwarded-For, X-Forwarded-Proto, X-Forwarded-Host\r\n\r\n");

        Forwarders.AssertOwn(response, "/h");
        var request = Assert.Single(upstream.Requests);
        Assert.Equal(["127.0.0.1"], request.Header("X-Forwarded-For"));
        Assert.Equal(["http"], request.Header("X-Forwarded-Proto"));
        Assert.Equal(["a"], request.Header("X-Forwarded-Host"));
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task A_client_x_forwarded_for_named_in_Connection_is_not_taken_for_the_proxys_own(string forwarder)
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        var response = await Forwarders.SendAsync(proxy, "GET /h HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 10.9.9.9\r\nConnection: close, X-Forwarded-For\r\n\r\n");

        // Whether the client's value (only for this hop) is kept in front or dropped, the proxy's entry ends the list.
        Forwarders.AssertOwn(response, "/h");
        var forwardedFor = Assert.Single(Assert.Single(upstream.Requests).Header("X-Forwarded-For"));
        Assert.EndsWith("127.0.0.1", forwardedFor, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task A_proxy_header_is_never_forwarded(string forwarder)
    {
        // httpoxy: an upstream CGI-style app would take it for HTTP_PROXY and send its own requests there.
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        var response = await Forwarders.SendAsync(proxy, Forwarders.Request("GET", "/h", "Proxy: http://evil:8080\r\n"));

        Forwarders.AssertOwn(response, "/h");
        Assert.Empty(Assert.Single(upstream.Requests).Header("Proxy"));
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task Standard_hop_by_hop_request_headers_never_reach_the_upstream(string forwarder)
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        // Upgrade without "Connection: upgrade" asks for no upgrade: a header like the others here.
        var response = await Forwarders.SendAsync(proxy, Forwarders.Request(
            "GET", "/h", "Keep-Alive: timeout=9\r\nTE: gzip\r\nUpgrade: websocket\r\nProxy-Connection: keep-alive\r\nX-Kept: k\r\n"));

        Forwarders.AssertOwn(response, "/h");
        var request = Assert.Single(upstream.Requests);
        Assert.Equal(["k"], request.Header("X-Kept"));
        foreach (var name in (string[])["Keep-Alive", "TE", "Upgrade", "Proxy-Connection", "Transfer-Encoding"])
        {
            Assert.True(request.Header(name).Count == 0, $"{name} reached the upstream:\n{request.Head}");
        }

        Assert.True(request.Header("Connection").All(v => v.ToLowerInvariant() is "keep-alive" or "close"), request.Head);
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task A_chunked_request_body_reaches_the_upstream_framed_once_by_the_proxy(string forwarder)
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        var response = await Forwarders.SendAsync(
            proxy, Forwarders.Request("POST", "/h", "Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));

        Forwarders.AssertOwn(response, "/h");
        var request = Assert.Single(upstream.Requests);
        Assert.Equal("hello world", request.Body);
        var encodings = request.Header("Transfer-Encoding");
        Assert.True(
            (encodings.Count == 0 && request.Header("Content-Length") is ["11"]) || (encodings is ["chunked"] && request.Header("Content-Length").Count == 0),
            $"the upstream got the body framed as:\n{request.Head}");
    }

    public static TheoryData<string, string> NamingResponses => Forwarders.With(
        "Connection: X-Internal\r\n",
        "Connection: keep-alive, X-Internal\r\n",
        "Connection: keep-alive\r\nConnection: x-internal\r\n");

    [Theory]
    [MemberData(nameof(NamingResponses))]
    public async Task A_header_the_upstream_names_in_Connection_does_not_reach_the_client(string forwarder, string connection)
    {
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            var body = $"path={r.Target}";
            await r.WriteAsync($"HTTP/1.1 200 OK\r\n{connection}X-Internal: i\r\nX-Public: p\r\nContent-Length: {body.Length}\r\n\r\n{body}");
        });
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        var response = await Forwarders.GetAsync(proxy, "/h");

        Forwarders.AssertOwn(response, "/h");
        Assert.Equal(["p"], response.Values("X-Public"));
        Assert.True(!response.Has("X-Internal"), $"X-Internal reached the client:\n{response}");
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task Standard_hop_by_hop_response_headers_never_reach_the_client(string forwarder)
    {
        await using var upstream = ScriptedUpstream.Answering(
            "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5, max=100\r\nUpgrade: h2c\r\nProxy-Connection: keep-alive\r\nX-Public: p\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n7\r\npath=/h\r\n0\r\n\r\n");
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        var response = await Forwarders.GetAsync(proxy, "/h");

        Forwarders.AssertOwn(response, "/h");
        Assert.Equal(["p"], response.Values("X-Public"));
        foreach (var name in (string[])["Keep-Alive", "Upgrade", "Proxy-Connection"])
        {
            Assert.True(!response.Has(name), $"{name} reached the client:\n{response}");
        }

        // The proxy frames its own answer: chunked once, or by length, never the upstream's framing passed on beside its own.
        Assert.True(response.Values("Transfer-Encoding") is [] or ["chunked"], response.ToString());
        Assert.True(response.Values("Content-Length").Count == 0 || response.Values("Transfer-Encoding").Count == 0, response.ToString());
    }
}
