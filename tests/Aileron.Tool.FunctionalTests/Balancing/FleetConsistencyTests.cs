using System.Collections.Concurrent;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Balancing;

/// <summary>
/// A fleet of proxies with no shared state keeps affinity: two <c>aileron serve</c> processes from
/// one config, started at different times, one of them reloaded since, send every hash key to the
/// same upstream, because picks are functions of the config and the key alone.
/// </summary>
public sealed class FleetConsistencyTests
{
    private const int Keys = 10_000;

    [Theory]
    [InlineData("Maglev")]
    [InlineData("RingHash")]
    public async Task Two_processes_started_apart_and_one_reloaded_route_ten_thousand_keys_alike(string algorithm)
    {
        var upstreams = await TestUpstream.ServersAsync(5);
        using var config = new TempConfig(TestConfig.Simple(TestConfig.LoadBalancer(
            upstreams.Select(u => u.Url), $"lbAlgorithm: {algorithm}\nhasher: {{hashSource: Header, key: Hash-Key}}")));
        try
        {
            await using var first = AileronProcess.Start("serve", "-f", config.Path);
            var firstPort = await first.WaitForListeningAsync();
            // The second starts once the first has served: a replica added later.
            var firstHomes = await RouteAsync(firstPort);
            await using var second = AileronProcess.Start("serve", "-f", config.Path);
            var secondPort = await second.WaitForListeningAsync();
            second.Signal("HUP");
            await second.WaitForOutputAsync("config reloaded", "the second process to reload", 30_000);

            var secondHomes = await RouteAsync(secondPort);

            var differing = Enumerable.Range(0, Keys).Count(k => firstHomes[k] != secondHomes[k]);
            Assert.Equal(0, differing);
            Assert.Equal(5, firstHomes.Values.Distinct().Count());
        }
        finally
        {
            await TestUpstream.DisposeAllAsync(upstreams);
        }
    }

    /// <summary>Which upstream answers each key k0…k9999 through the proxy on <paramref name="port"/>.</summary>
    private static async Task<ConcurrentDictionary<int, string>> RouteAsync(int port)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var homes = new ConcurrentDictionary<int, string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Keys), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (k, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/");
            request.Headers.Add("Hash-Key", $"k{k}");
            using var response = await client.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            homes[k] = await response.Content.ReadAsStringAsync(ct);
        });
        return homes;
    }
}
