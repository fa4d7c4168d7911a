using System.Net;
using Aileron.Hosting;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Discovery;

/// <summary>
/// An upstream named by DNS (<c>resolve: true</c>) in a serving proxy: its addresses become
/// endpoints, which join and drain as the answer changes, are asked for by the name, and survive a
/// failed lookup.
/// </summary>
public sealed class DnsDiscoveryServeTests
{
    [Fact]
    public async Task Endpoints_join_as_the_name_gains_addresses_and_drain_as_it_loses_them()
    {
        var hosts = new List<string>();
        var held = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        RequestDelegate Answer(string name) => async context =>
        {
            lock (hosts)
            {
                hosts.Add(context.Request.Host.Value!);
            }

            if (context.Request.Path == "/hold")
            {
                held.TrySetResult(name);
                await release.Task;
            }

            await context.Response.WriteAsync(name);
        };
        await using var a = await TestUpstream.StartAsync(Answer("127.0.0.1"));
        await using var b = await TestUpstream.StartAsync(Answer("127.0.0.2"), port: a.Port, address: "127.0.0.2");
        await using var c = await TestUpstream.StartAsync(Answer("127.0.0.3"), port: a.Port, address: "127.0.0.3");
        string[] all = ["127.0.0.1", "127.0.0.2", "127.0.0.3"];
        var resolver = new ScriptedResolver();
        resolver.Answer("backend.test", all[0]);
        await using var proxy = await TestProxy.OverAsync(
            [$"http://backend.test:{a.Port}"], options: new ProxyHostOptions { Resolver = resolver }, upstreamFields: "resolve: true, resolveInterval: 1s");

        // Served from the first request on by the one address, asked for by the name.
        Assert.Equal(all[0], await proxy.Client.GetStringAsync("/"));
        Assert.Equal($"backend.test:{a.Port}", Assert.Single(hosts));

        resolver.Answer("backend.test", all);
        await Eventually.TrueAsync(async () => (await AnswersAsync(proxy, 30)).SetEquals(all), "the new addresses to join", 15_000);

        // A request in flight on the address that goes away finishes there.
        var hold = proxy.Client.GetStringAsync("/hold");
        var gone = await held.Task.WaitAsync(TimeSpan.FromSeconds(10));
        resolver.Answer("backend.test", [.. all.Where(x => x != gone)]);
        await Eventually.TrueAsync(async () => !(await AnswersAsync(proxy, 30)).Contains(gone), "the vanished address to leave the balancer", 15_000);
        release.SetResult();
        Assert.Equal(gone, await hold);

        resolver.Fail("backend.test");
        var lookups = resolver.Lookups;
        await Eventually.True(() => resolver.Lookups > lookups + 1, "lookups to go on failing", 15_000);
        Assert.True((await AnswersAsync(proxy, 20)).SetEquals(all.Where(x => x != gone)));
        Assert.True(proxy.Host.Runtime.Config.LoadBalancers[0].Spec.Upstreams.All(u => u.ResolvedFrom == $"http://backend.test:{a.Port}"));
        Assert.All(hosts, h => Assert.Equal($"backend.test:{a.Port}", h));
    }

    [Fact]
    public async Task A_name_the_system_resolves_to_both_loopbacks_serves_from_both()
    {
        const string Name = "aileron-dual.test";
        var addresses = await Dns.GetHostAddressesAsync(Name).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : [], TaskScheduler.Default);
        Assert.True(
            addresses.Contains(IPAddress.Loopback) && addresses.Contains(IPAddress.IPv6Loopback),
            $"{Name} must resolve to 127.0.0.1 and ::1 through the system resolver; add to /etc/hosts: '127.0.0.1 {Name}' and '::1 {Name}' (.ci/run does)");
        await using var v4 = await TestUpstream.AnsweringAsync("v4");
        await using var v6 = await TestUpstream.StartAsync(c => c.Response.WriteAsync("v6"), port: v4.Port, address: "[::1]");
        await using var proxy = await TestProxy.OverAsync([$"http://{Name}:{v4.Port}"], upstreamFields: "resolve: true");

        Assert.True((await AnswersAsync(proxy, 20)).SetEquals(["v4", "v6"]));
        Assert.Equal(2, proxy.Host.Runtime.Config.LoadBalancers[0].Spec.Upstreams.Count);
    }

    private static async Task<HashSet<string>> AnswersAsync(TestProxy proxy, int requests)
    {
        var answers = new HashSet<string>();
        for (var i = 0; i < requests; i++)
        {
            answers.Add(await proxy.Client.GetStringAsync("/"));
        }

        return answers;
    }
}
