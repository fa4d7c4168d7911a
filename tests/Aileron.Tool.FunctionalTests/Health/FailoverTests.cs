using System.Net;
using Aileron.Health;
using Aileron.Hosting;
using Aileron.Observability;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Aileron.Tests.Health;

/// <summary>Health checking wired into serve: upstreams that die under traffic, come back, or all go down at once.</summary>
public sealed class FailoverTests
{
    /// <summary>Fast checks for tests: one failed probe (every second) or two failed requests take an upstream out.</summary>
    private const string Checked =
        "enableActive: true, healthCheckInterval: 1, unhealthyThreshold: 1, healthyThreshold: 1, "
        + "enablePassive: true, consecutiveFailures: 2, baseEjectionTime: 2s";

    [Theory]
    [InlineData("RoundRobin", "")]
    [InlineData("Maglev", "hasher: {hashSource: Header, key: Hash-Key}")]
    public async Task With_one_of_five_upstreams_dead_its_retried_requests_spread_over_the_four_live_ones(string algorithm, string hasher)
    {
        const int Requests = 1000;
        var live = await TestUpstream.ServersAsync(4);
        try
        {
            var dead = $"http://127.0.0.1:{TestHttpServer.ClosedPort()}";
            string[] urls = [live[0].Url, live[1].Url, dead, live[2].Url, live[3].Url];
            await using var proxy = await TestProxy.OverAsync(urls, $"lbAlgorithm: {algorithm}\n{hasher}");

            for (var i = 0; i < Requests; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                request.Headers.Add("Hash-Key", $"k{i}");
                using var response = await proxy.Client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // A fifth of the requests picked the dead upstream first: spread, its retries add about a
            // quarter of that to each live one (about 250 each, standard deviation about 14, and Maglev's
            // table follows the upstreams' ephemeral ports, so the split differs run to run); sent to
            // "the next in config order", one of them took them all (about 450). The band is ±5.4
            // deviations wide: it fails on concentration, not on an unlucky table.
            var counts = live.Select(u => u.Requests).ToArray();
            Assert.Equal(Requests, counts.Sum());
            Assert.All(counts, c => Assert.InRange(c, 175, 325));
        }
        finally
        {
            foreach (var upstream in live)
            {
                await upstream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_upstream_killed_while_traffic_flows_costs_no_request_is_ejected_and_gets_traffic_again_once_back()
    {
        var upstreams = await TestUpstream.ServersAsync(5);
        var victim = upstreams[2];
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.StartAsync(
            TestConfig.Simple(TestConfig.LoadBalancer(upstreams.Select(u => u.Url), upstreamFields: Checked)),
            new ProxyHostOptions { Feedback = feedback });
        var coordinator = proxy.Host.Coordinators[0];
        var victimUpstream = coordinator.Balancer.Upstreams[2];
        var errors = new List<string>();
        int? attemptsWhenEjected = null;
        try
        {
            for (var batch = 0; batch < 100; batch++)
            {
                var requests = Enumerable.Range(0, 10).Select(_ => proxy.Client.GetAsync("/")).ToList();
                if (batch == 20)
                {
                    await victim.DisposeAsync();
                }

                foreach (var response in await Task.WhenAll(requests))
                {
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    }

                    response.Dispose();
                }

                // Counted between batches, with nothing in flight: every attempt from here on was picked after the ejection.
                if (batch >= 20 && attemptsWhenEjected is null && !victimUpstream.IsHealthy)
                {
                    attemptsWhenEjected = Attempts(feedback, victim.Url);
                }
            }

            Assert.Empty(errors);
            Assert.NotNull(attemptsWhenEjected);
            Assert.Equal(attemptsWhenEjected, Attempts(feedback, victim.Url));
            Assert.Contains((victim.Url, ForwardOutcome.TransportFailure), feedback.Reports);

            await using var revived = await TestUpstream.AnsweringAsync("Server :3", victim.Port);
            await Eventually.True(() => victimUpstream.IsHealthy, "the revived upstream to pass its active check", 10_000);
            var bodies = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                bodies.Add(await proxy.Client.GetStringAsync("/"));
            }

            Assert.Equal(2, bodies.Count(b => b == "Server :3"));
        }
        finally
        {
            foreach (var upstream in upstreams.Where(u => u != victim))
            {
                await upstream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task When_every_upstream_is_down_traffic_still_goes_to_all_of_them_and_panic_mode_is_logged()
    {
        var ports = new[] { TestHttpServer.ClosedPort(), TestHttpServer.ClosedPort() };
        var urls = ports.Select(p => $"http://127.0.0.1:{p}").ToArray();
        var lines = new LogCapture();
        await using var log = new ProxyLog(lines, LogLevel.Information, LogFormat.Text, TimeProvider.System);
        var feedback = new RecordingFeedback();
        await using var proxy = await TestProxy.StartAsync(
            TestConfig.Simple(TestConfig.LoadBalancer(
                urls, upstreamFields: "enableActive: true, healthCheckInterval: 1, unhealthyThreshold: 1, healthyThreshold: 1")),
            new ProxyHostOptions { Feedback = feedback, Log = log });
        var coordinator = proxy.Host.Coordinators[0];

        await Eventually.True(() => coordinator.IsPanicking, "both upstreams to fail their active checks", 10_000);
        var before = feedback.Reports.Count;
        for (var i = 0; i < 4; i++)
        {
            using var response = await proxy.Client.GetAsync("/");
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        }

        var attempted = feedback.Reports.Skip(before).Select(r => r.Upstream).Distinct().Order();
        Assert.Equal(urls.Order(), attempted);
        await Eventually.True(
            () => lines.Text.Contains(
                "error default/default[0]: panic mode: no upstream is healthy, so traffic is spread over all 2 enabled upstreams", StringComparison.Ordinal),
            "the panic line");

        await using var back = await TestUpstream.AnsweringAsync("back", ports[0]);
        await Eventually.True(() => !coordinator.IsPanicking, "the first upstream to pass its active check", 10_000);

        Assert.Equal("back", await proxy.Client.GetStringAsync("/"));
        await Eventually.True(
            () => lines.Text.Contains("info  default/default[0]: panic mode ended: 1 of 2 upstreams healthy", StringComparison.Ordinal),
            "the panic-ended line");
        Assert.Contains($"warn  default/default[0]: upstream {urls[1]} is down", lines.Text, StringComparison.Ordinal);
    }

    private static int Attempts(RecordingFeedback feedback, string url) => feedback.Reports.Count(r => r.Upstream == url);
}
