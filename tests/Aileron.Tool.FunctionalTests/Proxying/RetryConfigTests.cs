using System.Collections.Concurrent;
using System.Net;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Proxying;

/// <summary>
/// Functional: an HTTPClient's retryConfig through the proxy. A listed status is retried whatever
/// the method, its body sent again when it fits maxContentLength; the last answer is passed on when
/// the tries run out; a failed connect is retried whatever the method; a request that may have been
/// processed is not replayed unless it is idempotent.
/// </summary>
public sealed class RetryConfigTests
{
    private readonly LogCapture _lines = new();
    private readonly ConcurrentQueue<string> _seen = new();

    [Fact]
    public async Task A_listed_status_is_retried_until_the_upstream_answers_otherwise()
    {
        await using var upstream = await AnsweringAsync(503, 503, 200);
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], "retryConfig: {maxRetry: 3, retryStatusCodes: [503]}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.GetAsync("/r");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("answer 3: 200", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, _seen.Count);
        await Eventually.True(
            () => _lines.Text.Contains("upstream answered a retried status, retrying upstream_status=503", StringComparison.Ordinal), "the retry's log line");
    }

    [Fact]
    public async Task When_the_tries_run_out_the_client_gets_the_upstreams_last_answer()
    {
        await using var upstream = await AnsweringAsync(500, 500, 500, 500);
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], "retryConfig: {maxRetry: 2, retryStatusCodes: [500]}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.GetAsync("/r");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("answer 3: 500", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, _seen.Count);
    }

    [Fact]
    public async Task A_post_with_a_body_within_maxContentLength_is_sent_again_whole()
    {
        await using var upstream = await AnsweringAsync(503, 201);
        var (proxy, log) = await ClientProxy.StartAsync(
            [upstream.Url], "retryConfig: {maxRetry: 1, maxContentLength: 100, retryStatusCodes: [503]}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.PostAsync("/p", new StringContent("the body"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["POST /p the body", "POST /p the body"], _seen);
    }

    [Fact]
    public async Task A_body_larger_than_maxContentLength_is_sent_once()
    {
        await using var upstream = await AnsweringAsync(503, 201);
        var (proxy, log) = await ClientProxy.StartAsync(
            [upstream.Url], "retryConfig: {maxRetry: 1, maxContentLength: 4, retryStatusCodes: [503]}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.PostAsync("/p", new StringContent("the body"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(["POST /p the body"], _seen);
    }

    [Fact]
    public async Task A_failed_connect_is_retried_whatever_the_method()
    {
        await using var upstream = await AnsweringAsync(200);
        var refused = $"http://127.0.0.1:{TestHttpServer.ClosedPort()}";
        var (proxy, log) = await ClientProxy.StartAsync([refused, upstream.Url], "retryConfig: {maxRetry: 1}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.PostAsync("/p", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["POST /p "], _seen);
    }

    [Fact]
    public async Task Without_retryConfig_a_failed_post_is_not_retried()
    {
        await using var upstream = await AnsweringAsync(200);
        var refused = $"http://127.0.0.1:{TestHttpServer.ClosedPort()}";
        var (proxy, log) = await ClientProxy.StartAsync([refused, upstream.Url], "httpTransportConfig: {}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.PostAsync("/p", null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Empty(_seen);
    }

    [Theory]
    [InlineData("POST", 1)]
    [InlineData("PUT", 2)]
    public async Task A_request_the_upstream_read_and_dropped_is_replayed_only_when_idempotent(string method, int attempts)
    {
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Handler = context =>
            {
                _seen.Enqueue(context.Request.Method);
                context.Abort();
                return Task.CompletedTask;
            },
        });
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], "retryConfig: {maxRetry: 1, maxContentLength: 100}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var request = new HttpRequestMessage(new HttpMethod(method), "/d") { Content = new StringContent("x") };
        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(attempts, _seen.Count);
    }

    /// <summary>An upstream whose n-th answer has the n-th status (the last one repeated), recording each request it reads.</summary>
    private Task<KestrelUpstream> AnsweringAsync(params int[] statuses)
    {
        var count = 0;
        return KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Handler = async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                _seen.Enqueue($"{context.Request.Method} {context.Request.Path} {await reader.ReadToEndAsync()}");
                var n = Interlocked.Increment(ref count);
                context.Response.StatusCode = statuses[Math.Min(n, statuses.Length) - 1];
                await context.Response.WriteAsync($"answer {n}: {context.Response.StatusCode}");
            },
        });
    }
}
