using System.Net;
using System.Net.Sockets;
using System.Text;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Forwarding;

/// <summary>What reaches the upstream and what comes back, over real sockets.</summary>
public sealed class ForwardingTests
{
    [Fact]
    public async Task The_reference_scenario_round_robins_five_upstreams_in_order_twice()
    {
        var upstreams = await TestUpstream.ServersAsync(5);
        await using var proxy = await TestProxy.OverAsync(upstreams, "lbAlgorithm: RoundRobin");

        var bodies = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            bodies.Add(await proxy.Client.GetStringAsync("/"));
        }

        Assert.Equal([.. Enumerable.Range(1, 5).Select(i => $"Server :{i}"), .. Enumerable.Range(1, 5).Select(i => $"Server :{i}")], bodies);
        await TestUpstream.DisposeAllAsync(upstreams);
    }

    [Fact]
    public async Task Path_and_query_are_forwarded_after_the_upstream_base_path_with_forwarding_headers()
    {
        await using var upstream = await TestUpstream.EchoAsync();
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url + "/base/"])));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/a/b?x=1&y=%20z");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Custom", "kept");

        var echo = await (await proxy.Client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains("GET /base/a/b?x=1&y=%20z\n", echo, StringComparison.Ordinal);
        Assert.Contains($"host=127.0.0.1:{upstream.Port}\n", echo, StringComparison.Ordinal);
        Assert.Contains("xff=203.0.113.9, 127.0.0.1\n", echo, StringComparison.Ordinal);
        Assert.Contains("xfp=http\n", echo, StringComparison.Ordinal);
        Assert.Contains($"xfh=127.0.0.1:{proxy.BaseAddress.Port}\n", echo, StringComparison.Ordinal);
        Assert.Contains("custom=kept\n", echo, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/files/a%2Fb", "/files/a%2Fb")]
    [InlineData("/files/a%2520b", "/files/a%2520b")]
    [InlineData("/files/%C3%A9t%C3%A9", "/files/%C3%A9t%C3%A9")]
    [InlineData("/files/x/../y", "/files/y")]
    public async Task The_clients_encoding_of_an_unrewritten_path_is_kept_and_dot_segments_are_resolved(string sent, string received)
    {
        await using var upstream = await TestUpstream.EchoAsync();
        await using var proxy = await TestProxy.OverAsync([upstream]);

        var echo = await RawGetAsync(proxy.BaseAddress.Port, sent);

        Assert.Contains($"raw={received}\n", echo, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewritten_paths_reach_the_upstream()
    {
        await using var upstream = await TestUpstream.EchoAsync();
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(
            TestConfig.LoadBalancer([upstream.Url], "pathMatcher: {match: \"^/api/v1/(.*)$\", matchType: Regex, rewrite: \"/$1\", appendPrefix: /internal}") + "\n"
            + TestConfig.LoadBalancer([upstream.Url], "pathMatcher: {match: /svc, matchType: Prefix, trimPrefix: /legacy}")));

        Assert.StartsWith("GET /internal/users/7?q=1\n", await proxy.Client.GetStringAsync("/api/v1/users/7?q=1"), StringComparison.Ordinal);
        Assert.StartsWith("GET /svc/x\n", await proxy.Client.GetStringAsync("/legacy/svc/x"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http2_with_prior_knowledge_and_http1_share_the_port_and_response_trailers_pass_through()
    {
        await using var upstream = await RawUpstream.StartAsync(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n5\r\nhello\r\n0\r\nX-Checksum: abc123\r\n\r\n");
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);
        using var h2 = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await h2.GetAsync(new Uri(proxy.BaseAddress, "/t"));
        var body = await response.Content.ReadAsStringAsync();
        var http1 = await proxy.Client.GetAsync("/t");

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("hello", body);
        Assert.Equal("abc123", response.TrailingHeaders.GetValues("X-Checksum").Single());
        Assert.Equal(HttpVersion.Version11, http1.Version);
        Assert.Equal("hello", await http1.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_request_body_is_streamed_to_the_upstream_and_the_response_headers_come_back()
    {
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var text = await reader.ReadToEndAsync();
            c.Response.StatusCode = 201;
            c.Response.Headers["X-Length"] = text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await c.Response.WriteAsync(text.ToUpperInvariant());
        });
        await using var proxy = await TestProxy.OverAsync([upstream]);

        using var response = await proxy.Client.PostAsync("/items", new StringContent("hello body", Encoding.UTF8));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("10", response.Headers.GetValues("X-Length").Single());
        Assert.Equal("HELLO BODY", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends a request line exactly as written, bypassing any client-side normalisation.</summary>
    internal static async Task<string> RawGetAsync(int port, string target)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: proxy.test\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}
