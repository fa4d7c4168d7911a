using System.Net;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Upstreams that fail in each way a network lets them: the proxy answers with the right status,
/// lets go of the upstream connection and the request slot, and serves again as soon as the
/// upstream does.
/// </summary>
public sealed class UpstreamFaultTests
{
    [Fact]
    public async Task A_refused_connection_is_a_502_and_the_upstream_serves_again_once_it_listens()
    {
        var port = TestHttpServer.ClosedPort();
        await using var proxy = await TestProxy.OverAsync([$"http://127.0.0.1:{port}"]);

        using var refused = await proxy.Client.GetAsync("/");
        await ProblemJson.AssertAsync(refused, HttpStatusCode.BadGateway, "upstream_unreachable");
        await Eventually.True(() => InFlight(proxy) == 0, "the request slot to be released");

        await using var back = await TestUpstream.AnsweringAsync("back", port);
        Assert.Equal("back", await proxy.Client.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_reset_before_the_answer_is_a_502_and_the_next_request_is_served()
    {
        await using var upstream = FaultyUpstream.Start(UpstreamFault.ResetBeforeResponse);
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        using var reset = await proxy.Client.GetAsync("/");
        await ProblemJson.AssertAsync(reset, HttpStatusCode.BadGateway, "upstream_unreachable");
        await AssertReleasedThenServedAsync(proxy, upstream);
    }

    [Fact]
    public async Task A_get_reset_before_the_answer_is_retried_on_the_next_upstream()
    {
        await using var resetting = FaultyUpstream.Start(UpstreamFault.ResetBeforeResponse);
        await using var healthy = await TestUpstream.AnsweringAsync("healthy");
        await using var proxy = await TestProxy.OverAsync([resetting.Url, healthy.Url]);

        // Round robin starts with the resetting upstream; the retry answers from the healthy one.
        Assert.Equal("healthy", await proxy.Client.GetStringAsync("/"));
        await Eventually.True(() => InFlight(proxy) == 0, "the request slot to be released");
    }

    [Fact]
    public async Task A_post_with_a_body_reset_before_the_answer_is_not_replayed()
    {
        await using var resetting = FaultyUpstream.Start(UpstreamFault.ResetBeforeResponse);
        await using var healthy = await TestUpstream.AnsweringAsync("healthy");
        await using var proxy = await TestProxy.OverAsync([resetting.Url, healthy.Url]);

        using var reset = await proxy.Client.PostAsync("/", new StringContent("order #1"));

        await ProblemJson.AssertAsync(reset, HttpStatusCode.BadGateway, "upstream_unreachable");
    }

    [Fact]
    public async Task A_reset_mid_response_cuts_the_client_connection_and_the_next_request_is_served()
    {
        await using var upstream = FaultyUpstream.Start(UpstreamFault.ResetMidResponse);
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        // The status line has gone out already: cutting the client's connection is the only honest signal left.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => proxy.Client.GetByteArrayAsync("/"));
        await AssertReleasedThenServedAsync(proxy, upstream);
    }

    [Fact]
    public async Task A_hung_upstream_is_a_504_after_the_response_timeout_and_its_connection_is_closed()
    {
        await using var upstream = FaultyUpstream.Start(UpstreamFault.Hang);
        await using var proxy = await TestProxy.OverAsync([upstream.Url], "responseTimeout: 500ms");

        // The upstream never answers: only the response timeout can end the request before the deadline.
        using var hung = await proxy.Client.GetAsync("/").WaitAsync(Forwarders.Deadline);

        await ProblemJson.AssertAsync(hung, HttpStatusCode.GatewayTimeout, "upstream_timeout");
        await AssertReleasedThenServedAsync(proxy, upstream);
    }

    [Fact]
    public async Task A_slow_trickle_that_keeps_moving_is_relayed_whole_though_it_outlasts_the_response_timeout()
    {
        // Gaps well under the timeout: a loaded two-core machine can stall a thread-pool continuation for most of a second.
        await using var upstream = FaultyUpstream.Start(UpstreamFault.Trickle);
        upstream.BodyLength = 16;
        upstream.TrickleGap = TimeSpan.FromMilliseconds(250);
        await using var proxy = await TestProxy.OverAsync([upstream.Url], "responseTimeout: 3s");

        // The upstream waits a gap before each byte (a delay never ends early), so the body takes at
        // least 16 x 250 ms = 4 s: longer than the response timeout, which must not cut it.
        Assert.True(upstream.BodyLength * upstream.TrickleGap > TimeSpan.FromSeconds(3));
        var body = await proxy.Client.GetStringAsync("/");

        Assert.Equal(new string('t', 16), body);
        // The slot is released once the exchange is over, which can be just after the client has the whole body.
        await Eventually.True(() => InFlight(proxy) == 0, "the request slot to be released");
    }

    [Fact]
    public async Task A_trickle_that_stalls_past_the_response_timeout_is_cut_and_its_connection_closed()
    {
        await using var upstream = FaultyUpstream.Start(UpstreamFault.Trickle);
        upstream.BodyLength = 3;
        upstream.TrickleGap = TimeSpan.FromSeconds(3);
        await using var proxy = await TestProxy.OverAsync([upstream.Url], "responseTimeout: 300ms");

        // Not cut, the body would arrive whole after 9 s and the request succeed.
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => proxy.Client.GetStringAsync("/").WaitAsync(Forwarders.Deadline));

        await AssertReleasedAsync(proxy, upstream);
    }

    [Fact]
    public async Task A_5xx_storm_is_relayed_until_passive_checks_eject_the_upstream_and_it_gets_traffic_again_after_the_storm()
    {
        var storming = 1;
        await using var stormy = await TestUpstream.StartAsync(c =>
        {
            c.Response.StatusCode = Volatile.Read(ref storming) == 1 ? 500 : 200;
            return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(c.Response, Volatile.Read(ref storming) == 1 ? "storm" : "calm");
        });
        await using var steady = await TestUpstream.AnsweringAsync("steady");
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple(TestConfig.LoadBalancer(
            [stormy.Url, steady.Url], upstreamFields: "enablePassive: true, consecutiveFailures: 3, baseEjectionTime: 2s")));
        var stormyUpstream = proxy.Host.Coordinators[0].Balancer.Upstreams[0];

        var answers = new List<(HttpStatusCode Status, string Body)>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await proxy.Client.GetAsync("/");
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        // The upstream's own 500s are relayed unchanged, three of them, then it is out.
        Assert.Equal(3, answers.Count(a => a == (HttpStatusCode.InternalServerError, "storm")));
        Assert.Equal(27, answers.Count(a => a == (HttpStatusCode.OK, "steady")));
        Assert.False(stormyUpstream.IsHealthy);

        Volatile.Write(ref storming, 0);
        await Eventually.True(() => stormyUpstream.IsHealthy, "the ejection to end", 10_000);
        var after = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            after.Add(await proxy.Client.GetStringAsync("/"));
        }

        Assert.Equal(2, after.Count(b => b == "calm"));
    }

    [Fact]
    public async Task With_every_upstream_down_a_request_gets_a_prompt_502_and_service_resumes_when_one_returns()
    {
        var ports = new[] { TestHttpServer.ClosedPort(), TestHttpServer.ClosedPort() };
        await using var proxy = await TestProxy.OverAsync(ports.Select(p => $"http://127.0.0.1:{p}"));

        // Prompt: refused connects are answered at once, not after a connect timeout.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var response = await proxy.Client.GetAsync("/");
            return response.StatusCode;
        })).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadGateway, a));
        await Eventually.True(() => proxy.Host.LoadBalancers.Values.Single().Balancer.Upstreams.All(u => u.InFlight == 0), "every request slot to be released");

        await using var back = await TestUpstream.AnsweringAsync("back", ports[1]);
        for (var i = 0; i < 4; i++)
        {
            // The dead one's connect fails and is retried on the live one.
            Assert.Equal("back", await proxy.Client.GetStringAsync("/"));
        }
    }

    private static int InFlight(TestProxy proxy) => proxy.Host.LoadBalancers.Values.Single().Balancer.Upstreams[0].InFlight;

    /// <summary>After a fault: released, and once the upstream behaves, served by it again.</summary>
    private static async Task AssertReleasedThenServedAsync(TestProxy proxy, FaultyUpstream upstream)
    {
        await AssertReleasedAsync(proxy, upstream);
        upstream.Fault = UpstreamFault.None;
        Assert.Equal(FaultyUpstream.HealthyBody, await proxy.Client.GetStringAsync("/"));
    }

    /// <summary>The proxy has let go of the request and closed its connection to the upstream.</summary>
    private static async Task AssertReleasedAsync(TestProxy proxy, FaultyUpstream upstream)
    {
        await Eventually.True(() => InFlight(proxy) == 0, "the request slot to be released");
        await Eventually.True(() => upstream.OpenConnections == 0, "the proxy to close its connection to the faulty upstream");
    }
}
