using System.Net;
using System.Text.Json;
using Aileron.Health;
using Aileron.Hosting;
using Aileron.Observability;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Errors;

/// <summary>What the proxy answers when it cannot relay an upstream's answer, and what it tells health checking.</summary>
public sealed class ErrorTests
{
    [Fact]
    public async Task A_request_no_load_balancer_matches_gets_404_in_AILERONs_format()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.OverAsync([upstream], "pathMatcher: {match: /api, matchType: Prefix}");

        using var response = await proxy.Client.GetAsync("/other");

        await ProblemJson.AssertAsync(response, HttpStatusCode.NotFound, "no_route");
    }

    [Fact]
    public async Task A_load_balancer_without_an_enabled_upstream_answers_502_as_AILERON_does()
    {
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(
            "- upstreams:\n    - {url: \"http://127.0.0.1:9\", weight: -1}"));

        using var response = await proxy.Client.GetAsync("/");

        await ProblemJson.AssertAsync(response, HttpStatusCode.BadGateway, "no_upstream");
    }

    [Fact]
    public async Task A_refused_connection_is_a_502_and_a_transport_failure()
    {
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.OverAsync([TestHttpServer.ClosedPortUrl()], options: new ProxyHostOptions { Feedback = feedback });

        using var response = await proxy.Client.PostAsync("/", new StringContent("body"));

        await ProblemJson.AssertAsync(response, HttpStatusCode.BadGateway, "upstream_unreachable");
        Assert.Equal(ForwardOutcome.TransportFailure, Assert.Single(feedback.Reports).Outcome);
    }

    [Fact]
    public async Task An_upstream_silent_past_the_response_timeout_is_a_504()
    {
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5), c.RequestAborted);
        });
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.OverAsync([upstream], "responseTimeout: 200ms", new ProxyHostOptions { Feedback = feedback });

        using var response = await proxy.Client.GetAsync("/slow");

        await ProblemJson.AssertAsync(response, HttpStatusCode.GatewayTimeout, "upstream_timeout");
        Assert.Equal(ForwardOutcome.TransportFailure, Assert.Single(feedback.Reports).Outcome);
    }

    [Fact]
    public async Task A_connect_that_takes_longer_than_the_connect_timeout_is_a_504()
    {
        using var backlog = new SaturatedListener();
        await using var proxy = await TestProxy.OverAsync([backlog.Url], "connectTimeout: 300ms");

        using var response = await proxy.Client.PostAsync("/", new StringContent("body"));

        await ProblemJson.AssertAsync(response, HttpStatusCode.GatewayTimeout, "upstream_timeout");
    }

    [Fact]
    public async Task A_failed_connect_on_an_idempotent_bodiless_request_is_retried_once_on_another_upstream()
    {
        await using var live = await TestUpstream.AnsweringAsync("live");
        var feedback = new RecordingFeedback();
        var dead = TestHttpServer.ClosedPortUrl();
        await using var proxy = await TestProxy.OverAsync([dead, live.Url], options: new ProxyHostOptions { Feedback = feedback });

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await proxy.Client.GetAsync("/");
            answers.Add(response.StatusCode);
        }

        using var post = await proxy.Client.PostAsync("/", new StringContent("not replayed"));
        using var again = await proxy.Client.PostAsync("/", new StringContent("not replayed"));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.BadGateway],
            new[] { post.StatusCode, again.StatusCode }.Order());
        Assert.Contains((dead, ForwardOutcome.TransportFailure), feedback.Reports);
        Assert.Equal(5, feedback.Reports.Count(r => r.Outcome == ForwardOutcome.Success));
    }

    [Fact]
    public async Task An_upstream_5xx_is_relayed_and_reported_as_a_server_error()
    {
        await using var upstream = await TestUpstream.StartAsync(c =>
        {
            c.Response.StatusCode = 503;
            return c.Response.WriteAsync("upstream says busy");
        });
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.OverAsync([upstream], options: new ProxyHostOptions { Feedback = feedback });

        using var response = await proxy.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("upstream says busy", await response.Content.ReadAsStringAsync());
        Assert.Equal(ForwardOutcome.ServerError, Assert.Single(feedback.Reports).Outcome);
    }

    [Fact]
    public async Task An_invalid_upstream_response_is_a_502()
    {
        await using var upstream = await RawUpstream.StartAsync("NOT HTTP AT ALL\r\n\r\n");
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        using var response = await proxy.Client.GetAsync("/");

        await ProblemJson.AssertAsync(response, HttpStatusCode.BadGateway, "upstream_error");
    }

    [Fact]
    public async Task Errors_are_logged_with_the_load_balancer_upstream_and_cause()
    {
        var output = new StringWriter();
        await using var log = new ProxyLog(TextWriter.Synchronized(output), Microsoft.Extensions.Logging.LogLevel.Information, LogFormat.Json, TimeProvider.System);
        var dead = TestHttpServer.ClosedPortUrl();
        await using var proxy = await TestProxy.OverAsync([dead], options: new ProxyHostOptions { Log = log, AccessLog = true });

        using var response = await proxy.Client.GetAsync("/x?secret=1");
        await Eventually.True(() => output.ToString().Contains("\"access\"", StringComparison.Ordinal), "the access log line");

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var failure = Assert.Single(lines, l => l.GetProperty("msg").GetString() == "upstream request failed");
        Assert.Equal("warn", failure.GetProperty("level").GetString());
        Assert.Equal(502, failure.GetProperty("status").GetInt32());
        Assert.Equal("upstream_unreachable", failure.GetProperty("code").GetString());
        Assert.Equal("default/default[0]", failure.GetProperty("lb").GetString());
        Assert.Equal(dead, failure.GetProperty("upstream").GetString());
        Assert.Contains("refused", failure.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        var access = Assert.Single(lines, l => l.GetProperty("msg").GetString() == "access");
        Assert.Equal("GET", access.GetProperty("method").GetString());
        Assert.Equal("/x", access.GetProperty("path").GetString());
        Assert.Equal(502, access.GetProperty("status").GetInt32());
        Assert.True(access.GetProperty("duration_ms").GetDouble() >= 0);
    }
}
