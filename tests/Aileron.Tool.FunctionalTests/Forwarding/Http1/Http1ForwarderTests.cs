using System.Net;
using System.Net.Sockets;
using System.Text;
using Aileron.Forwarding.Http1;
using Aileron.Health;
using Aileron.Hosting;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Tests.Forwarding.Http1;

/// <summary>
/// The lean HTTP/1.1 path that plain HTTP/1.x requests take (bodies: Http1UploadTests): framing, connection reuse, what it does when
/// an upstream misbehaves, and which requests it leaves to YARP. Upstreams are raw sockets, so every
/// byte they send is the test's choice.
/// </summary>
public sealed class Http1ForwarderTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    [Fact]
    public async Task Sequential_requests_reuse_one_upstream_connection()
    {
        await using var upstream = ScriptedUpstream.Answering(Ok);
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("ok", await proxy.Client.GetStringAsync($"/r{i}"));
        }

        Assert.Equal(1, upstream.Connections);
        Assert.Equal(5, upstream.Heads.Count);
    }

    [Fact]
    public async Task The_upstream_gets_the_request_line_its_own_host_and_forwarded_headers()
    {
        await using var upstream = ScriptedUpstream.Answering(Ok);
        await using var proxy = await TestProxy.OverAsync([upstream.Url + "/base"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/a%20b/c?x=1&y=%2F");
        request.Headers.Add("X-Custom", "v1");

        using var response = await proxy.Client.SendAsync(request);

        var head = Assert.Single(upstream.Heads);
        var lines = head.Split("\r\n");
        Assert.Equal("GET /base/a%20b/c?x=1&y=%2F HTTP/1.1", lines[0]);
        Assert.Equal($"Host: {new Uri(upstream.Url).Authority}", lines[1]);
        Assert.Contains("X-Custom: v1", lines);
        Assert.Contains("X-Forwarded-For: 127.0.0.1", lines);
        Assert.Contains("X-Forwarded-Proto: http", lines);
        Assert.Contains($"X-Forwarded-Host: {proxy.BaseAddress.Authority}", lines);
        Assert.Single(lines, l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_chunked_response_reaches_the_client_whole_and_the_connection_is_kept()
    {
        await using var upstream = ScriptedUpstream.Answering(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
            + "5;ext=1\r\nhello\r\n1\r\n,\r\nb\r\n 0123456789\r\n0\r\nX-Trailer: t\r\n\r\n");
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        var first = await proxy.Client.GetStringAsync("/");
        var second = await proxy.Client.GetStringAsync("/");

        Assert.Equal(first, second);
        Assert.Equal("hello, 0123456789", first);
        Assert.Equal(1, upstream.Connections);
    }

    [Fact]
    public async Task A_body_sent_in_pieces_arrives_whole()
    {
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            await r.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 30000\r\n\r\n");
            for (var i = 0; i < 3; i++)
            {
                await r.WriteAsync(new string((char)('a' + i), 10000));
                await Task.Yield();
            }
        });
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        var body = await proxy.Client.GetStringAsync("/");

        Assert.Equal(new string('a', 10000) + new string('b', 10000) + new string('c', 10000), body);
    }

    [Fact]
    public async Task A_response_without_framing_runs_until_the_upstream_closes_and_the_connection_is_not_reused()
    {
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            await r.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil close");
            r.Close();
        });
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        Assert.Equal("until close", await proxy.Client.GetStringAsync("/"));
        Assert.Equal("until close", await proxy.Client.GetStringAsync("/"));
        Assert.Equal(2, upstream.Connections);
    }

    [Fact]
    public async Task Connection_close_from_the_upstream_is_honoured()
    {
        await using var upstream = ScriptedUpstream.Answering("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        Assert.Equal("ok", await proxy.Client.GetStringAsync("/"));
        Assert.Equal("ok", await proxy.Client.GetStringAsync("/"));
        Assert.Equal(2, upstream.Connections);
    }

    [Theory]
    [InlineData("close")]
    [InlineData("reset")]
    public async Task A_kept_connection_the_upstream_dropped_while_idle_is_replaced_without_the_client_noticing(string how)
    {
        // The upstream answers and then drops the connection without saying so, as one whose
        // keep-alive timeout expired does; the proxy only finds out when it sends the next request.
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            if (r.Number > 1)
            {
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

            await r.WriteAsync(Ok);
        });
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.OverAsync([upstream.Url], options: new ProxyHostOptions { Feedback = feedback });

        Assert.Equal("ok", await proxy.Client.GetStringAsync("/"));
        Assert.Equal("ok", await proxy.Client.GetStringAsync("/"));

        Assert.Equal(2, upstream.Connections);
        Assert.All(feedback.Reports, r => Assert.Equal(ForwardOutcome.Success, r.Outcome));
    }

    [Fact]
    public async Task Interim_responses_are_not_passed_on()
    {
        await using var upstream = ScriptedUpstream.Answering(
            "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n" + Ok);
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        using var response = await proxy.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Link"));
    }

    [Theory]
    [InlineData("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", 1234L)]
    [InlineData("GET", "HTTP/1.1 204 No Content\r\n\r\n", null)]
    [InlineData("GET", "HTTP/1.1 304 Not Modified\r\nETag: \"e\"\r\n\r\n", null)]
    public async Task Answers_without_a_body_keep_the_connection(string method, string answer, long? length)
    {
        await using var upstream = ScriptedUpstream.Answering(answer);
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        for (var i = 0; i < 2; i++)
        {
            using var response = await proxy.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/"));
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            if (length is { } expected)
            {
                Assert.Equal(expected, response.Content.Headers.ContentLength);
            }
        }

        Assert.Equal(1, upstream.Connections);
    }

    [Fact]
    public async Task Hop_by_hop_headers_do_not_cross_in_either_direction()
    {
        await using var upstream = ScriptedUpstream.Answering(
            "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nConnection: keep-alive, X-Hop\r\n"
            + "X-Hop: secret\r\nX-End: kept\r\nContent-Length: 2\r\n\r\nok");
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic eA==");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=9");
        request.Headers.TryAddWithoutValidation("TE", "gzip");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");

        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal("kept", response.Headers.GetValues("X-End").Single());
        Assert.False(response.Headers.Contains("X-Hop"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.False(response.Headers.Contains("Proxy-Connection"));
        var head = Assert.Single(upstream.Heads);
        Assert.DoesNotContain("Proxy-Authorization", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Keep-Alive", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("TE:", head, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Forwarded-Proto: https", head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 2x0 OK\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Header: x\r\nContent-Length: 2\r\n\r\nok")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n")]
    public async Task An_invalid_response_is_a_502_upstream_error_and_a_transport_failure(string answer)
    {
        await using var upstream = ScriptedUpstream.Answering(answer);
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.OverAsync([upstream.Url], options: new ProxyHostOptions { Feedback = feedback });

        using var response = await proxy.Client.GetAsync("/");

        await ProblemJson.AssertAsync(response, HttpStatusCode.BadGateway, "upstream_error");
        Assert.Equal(ForwardOutcome.TransportFailure, Assert.Single(feedback.Reports).Outcome);
    }

    [Fact]
    public async Task A_header_section_over_64_KB_is_a_502()
    {
        await using var upstream = ScriptedUpstream.Answering(
            "HTTP/1.1 200 OK\r\nX-Big: " + new string('b', 70 * 1024) + "\r\nContent-Length: 2\r\n\r\nok");
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        using var response = await proxy.Client.GetAsync("/");

        await ProblemJson.AssertAsync(response, HttpStatusCode.BadGateway, "upstream_error");
    }

    [Fact]
    public async Task An_upstream_that_closes_before_answering_is_a_502_and_the_request_is_retried_elsewhere()
    {
        await using var closing = ScriptedUpstream.Start(r =>
        {
            r.Close();
            return Task.CompletedTask;
        });
        await using var live = ScriptedUpstream.Answering(Ok);
        var feedback = new RecordingFeedback();
        await using var alone = await TestProxy.OverAsync([closing.Url]);
        await using var proxy = await TestProxy.OverAsync([closing.Url, live.Url], "lbAlgorithm: RoundRobin", new ProxyHostOptions { Feedback = feedback });

        using var failed = await alone.Client.GetAsync("/");
        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await proxy.Client.GetStringAsync("/"));
        }

        await ProblemJson.AssertAsync(failed, HttpStatusCode.BadGateway, "upstream_error");
        Assert.All(answers, a => Assert.Equal("ok", a));
        Assert.Contains(feedback.Reports, r => r.Outcome == ForwardOutcome.TransportFailure);
    }

    [Fact]
    public async Task A_body_cut_short_aborts_the_client_connection_and_counts_against_the_upstream()
    {
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            await r.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + new string('x', 10));
            r.Close();
        });
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.OverAsync([upstream.Url], options: new ProxyHostOptions { Feedback = feedback });

        var failure = await Record.ExceptionAsync(() => proxy.Client.GetByteArrayAsync("/"));

        Assert.NotNull(failure);
        Assert.Equal(ForwardOutcome.TransportFailure, Assert.Single(await feedback.WaitForAsync(1, TimeSpan.FromSeconds(10))).Outcome);
    }

    [Fact]
    public async Task An_upstream_silent_mid_body_past_the_response_timeout_aborts_the_client_connection()
    {
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            await r.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
            await Task.Delay(Timeout.Infinite, r.Stop);
        });
        await using var proxy = await TestProxy.OverAsync([upstream.Url], "responseTimeout: 300ms");
        using var response = await proxy.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var first = new byte[5];

        await body.ReadExactlyAsync(first);
        var rest = await Record.ExceptionAsync(async () => await body.ReadAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("hello", Encoding.ASCII.GetString(first));
        Assert.IsAssignableFrom<IOException>(rest);
    }

    [Fact]
    public async Task A_streaming_response_starts_before_its_body_arrives()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            await r.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
            await release.Task.WaitAsync(r.Stop);
            await r.WriteAsync("4\r\nlate\r\n0\r\n\r\n");
        });
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        using var response = await proxy.Client.GetAsync("/", HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("late", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_refused_connect_is_a_502_and_a_connect_past_its_timeout_a_504()
    {
        await using var refused = await TestProxy.OverAsync([TestHttpServer.ClosedPortUrl()]);
        using var backlog = new SaturatedListener();
        await using var slow = await TestProxy.OverAsync([backlog.Url], "connectTimeout: 300ms");

        using var refusedAnswer = await refused.Client.GetAsync("/");
        using var slowAnswer = await slow.Client.GetAsync("/");

        await ProblemJson.AssertAsync(refusedAnswer, HttpStatusCode.BadGateway, "upstream_unreachable");
        await ProblemJson.AssertAsync(slowAnswer, HttpStatusCode.GatewayTimeout, "upstream_timeout");
    }

    [Fact]
    public async Task A_client_that_leaves_while_the_upstream_thinks_frees_the_upstream_connection()
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            seen.TrySetResult();
            await Task.Delay(Timeout.Infinite, r.Stop);
        });
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.OverAsync([upstream.Url], options: new ProxyHostOptions { Feedback = feedback });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        await seen.Task.WaitAsync(TimeSpan.FromSeconds(10));

        client.Close();

        var reports = await feedback.WaitForAsync(1, TimeSpan.FromSeconds(10));
        Assert.Equal(ForwardOutcome.ClientAbort, Assert.Single(reports).Outcome);
    }

    [Fact]
    public async Task An_http2_clients_request_goes_over_the_http1_client_and_gets_the_upstreams_trailers()
    {
        await using var upstream = ScriptedUpstream.Answering(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Checksum: abc123\r\nContent-Length: 9\r\nBad Name: x\r\n\r\n");
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);
        using var h2 = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await h2.GetAsync(new Uri(proxy.BaseAddress, "/h2?q=1"));

        Assert.Equal((HttpVersion.Version20, "ok"), (response.Version, await response.Content.ReadAsStringAsync()));
        Assert.Equal(["x-checksum"], response.TrailingHeaders.Select(h => h.Key.ToLowerInvariant()));
        Assert.Equal("abc123", response.TrailingHeaders.GetValues("X-Checksum").Single());
        var head = Assert.Single(upstream.Requests);
        Assert.StartsWith("GET /h2?q=1 HTTP/1.1\r\n", head.Head, StringComparison.Ordinal);
        Assert.Equal([$"127.0.0.1:{proxy.BaseAddress.Port}"], head.Header("X-Forwarded-Host"));
        Assert.Equal(1, proxy.Host.Clients.Forwarders.Http1!.PoolOf(upstream.Url).IdleCount);
    }

    [Fact]
    public async Task Without_the_http1_client_every_request_goes_through_yarp()
    {
        await using var upstream = ScriptedUpstream.Answering(Ok);
        await using var own = await TestProxy.OverAsync([upstream.Url]);
        await using var yarp = await TestProxy.OverAsync([upstream.Url], options: new ProxyHostOptions { Http1Client = false });

        Assert.Equal("ok", await own.Client.GetStringAsync("/"));
        Assert.Equal("ok", await yarp.Client.GetStringAsync("/"));

        Assert.Null(yarp.Host.Clients.Forwarders.Http1);
        Assert.Equal(1, own.Host.Clients.Forwarders.Http1!.PoolOf(upstream.Url).IdleCount);
    }

    [Fact]
    public void Http1_and_http2_requests_to_http_upstreams_take_this_path_without_a_body_or_with_one_it_can_frame()
    {
        Assert.True(Http1Forwarder.CanForward(Request("GET"), "http://u:1"));
        Assert.True(Http1Forwarder.CanForward(Request("DELETE", contentLength: 0), "HTTP://u:1"));
        Assert.True(Http1Forwarder.CanForward(Request("POST", canHaveBody: true, contentLength: 5), "http://u:1"));
        Assert.True(Http1Forwarder.CanForward(Request("POST", canHaveBody: true, transferEncoding: "chunked"), "http://u:1"));
        Assert.False(Http1Forwarder.CanForward(Request("GET"), "https://u:1"));
        Assert.True(Http1Forwarder.CanForward(Request("GET", protocol: "HTTP/2"), "http://u:1"));
        Assert.False(Http1Forwarder.CanForward(Request("CONNECT", protocol: "HTTP/2"), "http://u:1"));
        Assert.False(Http1Forwarder.CanForward(Request("GET", protocol: "HTTP/3"), "http://u:1"));
        Assert.False(Http1Forwarder.CanForward(Request("GET", upgradable: true), "http://u:1"));
        // Left to YARP: a 100-continue handshake, a transfer coding besides chunked, a body kept for a retry.
        Assert.False(Http1Forwarder.CanForward(Request("POST", canHaveBody: true, contentLength: 5, expect: "100-continue"), "http://u:1"));
        Assert.False(Http1Forwarder.CanForward(Request("POST", canHaveBody: true, transferEncoding: "gzip, chunked"), "http://u:1"));
        Assert.False(Http1Forwarder.CanForward(Request("POST", canHaveBody: true, contentLength: 5, seekable: true), "http://u:1"));
    }

    private static DefaultHttpContext Request(
        string method, string protocol = "HTTP/1.1", bool canHaveBody = false, long? contentLength = null, bool upgradable = false,
        string? transferEncoding = null, string? expect = null, bool seekable = false)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Protocol = protocol;
        context.Request.ContentLength = contentLength;
        context.Request.Headers.TransferEncoding = transferEncoding;
        context.Request.Headers.Expect = expect;
        context.Request.Body = seekable ? new MemoryStream() : new UnseekableStream();
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(canHaveBody));
        context.Features.Set<IHttpUpgradeFeature>(new Upgrade(upgradable));
        return context;
    }

    /// <summary>A request body as Kestrel gives it: read once, no seeking.</summary>
    private sealed class UnseekableStream : MemoryStream
    {
        public override bool CanSeek => false;
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody { get; } = canHaveBody;
    }

    private sealed class Upgrade(bool upgradable) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest { get; } = upgradable;

        public Task<Stream> UpgradeAsync() => throw new NotSupportedException();
    }
}
