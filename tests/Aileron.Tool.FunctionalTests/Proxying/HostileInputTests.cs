using System.Collections.Concurrent;
using System.Net;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Tests.Proxying;

/// <summary>
/// Broken and hostile requests: each gets a 4xx from the proxy (or from Kestrel under it), never
/// reaches an upstream it was not routed to, and leaves the proxy serving.
/// </summary>
public sealed class HostileInputTests
{
    [Fact]
    public async Task Headers_larger_than_the_default_32_KiB_get_431_and_never_reach_the_upstream()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.OverAsync([upstream]);

        using var big = new HttpRequestMessage(HttpMethod.Get, "/");
        big.Headers.Add("X-Big", new string('a', 40 * 1024));
        using var refused = await proxy.Client.SendAsync(big);
        using var fine = new HttpRequestMessage(HttpMethod.Get, "/");
        fine.Headers.Add("X-Big", new string('a', 16 * 1024));
        using var served = await proxy.Client.SendAsync(fine);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task MaxRequestHeadersSize_sets_the_431_threshold()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.StartAsync(TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])), "maxRequestHeadersSize: 4096"));

        var over = await RawConnection.ExchangeAsync(proxy.BaseAddress.Port, $"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {new string('a', 5000)}\r\nConnection: close\r\n\r\n");
        var under = await RawConnection.ExchangeAsync(proxy.BaseAddress.Port, $"GET / HTTP/1.1\r\nHost: a\r\nX-Big: {new string('a', 3000)}\r\nConnection: close\r\n\r\n");

        Assert.Equal(431, RawConnection.StatusOf(over));
        Assert.Equal(200, RawConnection.StatusOf(under));
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1 extra\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/9.9\r\nHost: a\r\n\r\n", 505)]
    [InlineData("GET  /x HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET x HTTP/1.1\r\nHost: a\r\n\r\n", 405)]
    [InlineData("GET /x\0y HTTP/1.1\r\nHost: a\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\nNo-Colon-Here\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\nBad Name: v\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400)]
    [InlineData("GET /x HTTP/1.1\r\nHost: a b\r\n\r\n", 400)]
    [InlineData("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", 400)]
    [InlineData("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400)]
    [InlineData("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 400)]
    public async Task A_malformed_request_gets_a_4xx_or_505_from_kestrel_and_reaches_no_upstream(string request, int status)
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.OverAsync([upstream]);

        var response = await RawConnection.ExchangeAsync(proxy.BaseAddress.Port, request);

        Assert.Equal(status, RawConnection.StatusOf(response));
        Assert.Equal(0, upstream.Requests);
        Assert.Equal("ok", await proxy.Client.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_chunked_body_that_turns_malformed_midway_gets_400_and_the_upstream_request_is_aborted()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await TestUpstream.BodyReadingAsync("read it all", aborted);
        await using var proxy = await TestProxy.OverAsync([upstream]);
        using var connection = await RawConnection.OpenAsync(proxy.BaseAddress.Port);

        await connection.SendAsync("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
        await Eventually.True(() => upstream.Requests == 1, "the upstream to have the request and its first chunk");
        await connection.SendAsync("ZZ\r\nabc\r\n0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(400, response.Status);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.True(() => proxy.Host.LoadBalancers.Values.Single().Balancer.Upstreams[0].InFlight == 0, "the request slot to be released");
    }

    [Fact]
    public async Task A_chunked_body_malformed_before_anything_was_sent_gets_400_and_never_reaches_the_upstream()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.OverAsync([upstream]);

        var response = await RawConnection.ExchangeAsync(
            proxy.BaseAddress.Port, "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nZZ\r\nabc\r\n0\r\n\r\n");

        Assert.Equal(400, RawConnection.StatusOf(response));
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public async Task More_than_100_header_lines_get_431()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.OverAsync([upstream]);
        var headers = string.Concat(Enumerable.Range(0, 101).Select(i => $"X-H{i}: v\r\n"));

        var response = await RawConnection.ExchangeAsync(proxy.BaseAddress.Port, $"GET / HTTP/1.1\r\nHost: a\r\n{headers}\r\n");

        Assert.Equal(431, RawConnection.StatusOf(response));
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public async Task A_request_line_over_8_KiB_gets_414()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.OverAsync([upstream]);

        var response = await RawConnection.ExchangeAsync(proxy.BaseAddress.Port, $"GET /{new string('a', 9000)} HTTP/1.1\r\nHost: a\r\n\r\n");

        Assert.Equal(414, RawConnection.StatusOf(response));
    }

    [Fact]
    public async Task A_smuggled_request_behind_content_length_and_chunked_never_reaches_the_upstream()
    {
        var paths = new ConcurrentQueue<string>();
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            paths.Enqueue(c.Request.Path.Value!);
            await c.Request.Body.CopyToAsync(Stream.Null);
            await c.Response.WriteAsync("ok");
        });
        await using var proxy = await TestProxy.OverAsync([upstream]);

        var response = await RawConnection.ExchangeAsync(
            proxy.BaseAddress.Port,
            "POST /first HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.DoesNotContain("/smuggled", paths);
        Assert.True(RawConnection.StatusOf(response) is 200 or 400, response);
    }

    [Fact]
    public async Task A_body_over_maxRequestBodySize_gets_413_whether_it_is_announced_or_chunked()
    {
        var completed = 0;
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            await c.Request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref completed);
            await c.Response.WriteAsync("ok");
        });
        await using var proxy = await TestProxy.StartAsync(TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])), "maxRequestBodySize: 1000"));

        using var announced = await proxy.Client.PostAsync("/", new ByteArrayContent(new byte[2000]));
        var startedByAnnounced = upstream.Requests;
        using var chunked = new StreamContent(new MemoryStream(new byte[5000]));
        using var streamed = await proxy.Client.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/") { Content = chunked, Headers = { TransferEncodingChunked = true } });
        using var small = await proxy.Client.PostAsync("/", new ByteArrayContent(new byte[1000]));

        // Announced too large: refused before any upstream is contacted. Chunked: refused when it
        // grows past the limit, after streaming had begun, so the upstream never gets all of it.
        await ProblemJson.AssertAsync(announced, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        Assert.Equal(0, startedByAnnounced);
        await ProblemJson.AssertAsync(streamed, HttpStatusCode.RequestEntityTooLarge, "body_too_large");
        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(1, completed);
    }

    [Fact]
    public async Task Absolute_form_targets_and_foreign_hosts_never_send_traffic_anywhere_but_the_configured_upstream()
    {
        await using var canary = await TestUpstream.AnsweringAsync("canary");
        await using var upstream = await TestUpstream.AnsweringAsync("configured");
        await using var proxy = await TestProxy.OverAsync([upstream]);
        var elsewhere = $"127.0.0.1:{canary.Port}";
        string[] requests =
        [
            $"GET http://{elsewhere}/x HTTP/1.1\r\nHost: {elsewhere}\r\nConnection: close\r\n\r\n",
            $"GET http://{elsewhere}/x HTTP/1.1\r\nHost: proxy.local\r\nConnection: close\r\n\r\n",
            $"GET https://{elsewhere}/x HTTP/1.1\r\nHost: {elsewhere}\r\nConnection: close\r\n\r\n",
            $"GET /x HTTP/1.1\r\nHost: {elsewhere}\r\nConnection: close\r\n\r\n",
            $"GET /x HTTP/1.1\r\nHost: {elsewhere}\r\nX-Forwarded-Host: {elsewhere}\r\nX-Original-URL: http://{elsewhere}/\r\nConnection: close\r\n\r\n",
            $"CONNECT {elsewhere} HTTP/1.1\r\nHost: {elsewhere}\r\nConnection: close\r\n\r\n",
            $"OPTIONS * HTTP/1.1\r\nHost: {elsewhere}\r\nConnection: close\r\n\r\n",
            $"GET //{elsewhere}/x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
            $"GET /x HTTP/1.0\r\n\r\n",
        ];

        foreach (var request in requests)
        {
            var response = await RawConnection.ExchangeAsync(proxy.BaseAddress.Port, request);
            var status = RawConnection.StatusOf(response);
            Assert.True(
                status is >= 400 and < 500 || (status == 200 && response.Contains("configured", StringComparison.Ordinal)),
                $"{request.Split('\r')[0]} was answered:\n{response}");
        }

        Assert.Equal(0, canary.Requests);
    }

    [Fact]
    public async Task A_connect_request_gets_405_instead_of_a_tunnel()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("configured");
        await using var proxy = await TestProxy.OverAsync([upstream]);

        var response = await RawConnection.ExchangeAsync(
            proxy.BaseAddress.Port, $"CONNECT {upstream.Url[7..]} HTTP/1.1\r\nHost: {upstream.Url[7..]}\r\nConnection: close\r\n\r\n");

        Assert.Equal(405, RawConnection.StatusOf(response));
        Assert.Contains("{\"status\":405,\"statusText\":\"Method Not Allowed\"}", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/..%2Fsecret")]
    [InlineData("/api/..%2fsecret")]
    [InlineData("/api/%2E%2E%2Fsecret")]
    [InlineData("/api/..%252Fsecret")]
    [InlineData("/api/%252E%252E%252Fsecret")]
    [InlineData("/api/..%5Csecret")]
    [InlineData("/api/..%255Csecret")]
    [InlineData("/api/x/..%2F..%2Fsecret")]
    [InlineData("/api%2F..%2Fsecret")]
    public async Task A_dot_segment_hidden_behind_an_encoded_slash_or_backslash_gets_400_and_reaches_no_upstream(string path)
    {
        await using var routed = await Routed.StartAsync();

        var response = await RawConnection.ExchangeAsync(routed.Port, $"GET {path} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.Equal(400, RawConnection.StatusOf(response));
        Assert.Contains("{\"status\":400,\"statusText\":\"Bad Request\"}", response, StringComparison.Ordinal);
        Assert.Empty(routed.Seen);
    }

    [Theory]
    [InlineData("/api/../secret", "other", "/secret")]
    [InlineData("/api/%2E%2E/secret", "other", "/secret")]
    [InlineData("/api/./x/../y", "api", "/api/y")]
    [InlineData("/api/a%2Fb", "api", "/api/a%2Fb")]
    [InlineData("/api/v1.2/..data", "api", "/api/v1.2/..data")]
    public async Task Plain_dot_segments_are_resolved_before_routing_so_a_path_goes_where_it_really_points(string path, string upstream, string received)
    {
        await using var routed = await Routed.StartAsync();

        var response = await RawConnection.ExchangeAsync(routed.Port, $"GET {path} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");

        Assert.Equal(200, RawConnection.StatusOf(response));
        Assert.Equal((upstream, received), Assert.Single(routed.Seen));
    }

    /// <summary>A proxy with <c>/api/</c> routed to one upstream and everything else to another; each records the raw target it received.</summary>
    private sealed class Routed(TestUpstream api, TestUpstream other, TestProxy proxy, ConcurrentQueue<(string, string)> seen) : IAsyncDisposable
    {
        public int Port => proxy.BaseAddress.Port;

        public IReadOnlyList<(string Upstream, string RawTarget)> Seen => [.. seen];

        public static async Task<Routed> StartAsync()
        {
            var seen = new ConcurrentQueue<(string, string)>();
            RequestDelegate Record(string name) => c =>
            {
                seen.Enqueue((name, c.Features.Get<IHttpRequestFeature>()!.RawTarget));
                return c.Response.WriteAsync(name);
            };
            var api = await TestUpstream.StartAsync(Record("api"));
            var other = await TestUpstream.StartAsync(Record("other"));
            var proxy = await TestProxy.StartAsync(TestConfig.Simple(
                TestConfig.LoadBalancer([api.Url], "pathMatcher: {match: /api/, matchType: Prefix}") + "\n"
                + TestConfig.LoadBalancer([other.Url])));
            return new Routed(api, other, proxy, seen);
        }

        public async ValueTask DisposeAsync()
        {
            await proxy.DisposeAsync();
            await api.DisposeAsync();
            await other.DisposeAsync();
        }
    }
}
