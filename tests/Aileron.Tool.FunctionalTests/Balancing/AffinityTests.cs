using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Balancing;

/// <summary>
/// Hash algorithms keep a key on one upstream, in one proxy and across proxies with the same config;
/// a client address is believed from X-Forwarded-For only when the peer is a trusted proxy.
/// </summary>
public sealed class AffinityTests
{
    private const string HeaderHasher = "hasher: {hashSource: Header, key: Hash-Key}";

    [Theory]
    [InlineData("Maglev")]
    [InlineData("RingHash")]
    [InlineData("DirectHash")]
    public async Task A_hash_algorithm_keeps_each_key_on_one_upstream_and_spreads_the_keys(string algorithm)
    {
        var upstreams = await TestUpstream.ServersAsync(5);
        await using var proxy = await TestProxy.OverAsync(upstreams, $"lbAlgorithm: {algorithm}\n{HeaderHasher}");

        var homes = new Dictionary<string, string>();
        for (var k = 0; k < 20; k++)
        {
            var answers = new HashSet<string>();
            for (var i = 0; i < 4; i++)
            {
                answers.Add(await GetWithKeyAsync(proxy, $"user-{k}"));
            }

            homes[$"user-{k}"] = Assert.Single(answers);
        }

        Assert.True(homes.Values.Distinct().Count() >= 3, $"20 keys landed on only {homes.Values.Distinct().Count()} upstreams");
        await TestUpstream.DisposeAllAsync(upstreams);
    }

    [Fact]
    public async Task Requests_without_the_key_all_go_to_one_upstream_as_in_AILERON()
    {
        var upstreams = await TestUpstream.ServersAsync(5);
        await using var proxy = await TestProxy.OverAsync(upstreams, $"lbAlgorithm: Maglev\n{HeaderHasher}");

        var answers = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            answers.Add(await proxy.Client.GetStringAsync("/"));
        }

        Assert.Single(answers);
        await TestUpstream.DisposeAllAsync(upstreams);
    }

    [Fact]
    public async Task Requests_without_the_key_are_spread_with_missing_key_random()
    {
        var upstreams = await TestUpstream.ServersAsync(5);
        await using var proxy = await TestProxy.OverAsync(upstreams, "lbAlgorithm: Maglev\nhasher: {hashSource: Header, key: Hash-Key, missingKey: Random}");

        var answers = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await proxy.Client.GetStringAsync("/"));
        }

        Assert.True(answers.Count >= 3, $"40 key-less requests reached only {answers.Count} upstreams");
        await TestUpstream.DisposeAllAsync(upstreams);
    }

    [Fact]
    public async Task ClientAddr_hashing_keeps_a_client_on_one_upstream_across_connections()
    {
        var upstreams = await TestUpstream.ServersAsync(5);
        await using var proxy = await TestProxy.OverAsync(upstreams, "lbAlgorithm: Maglev");

        var answers = new HashSet<string>();
        for (var i = 0; i < 8; i++)
        {
            using var fresh = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero });
            answers.Add(await fresh.GetStringAsync(proxy.BaseAddress));
        }

        Assert.Single(answers);
        await TestUpstream.DisposeAllAsync(upstreams);
    }

    [Fact]
    public async Task Two_proxies_with_one_config_send_each_key_to_the_same_upstream()
    {
        var upstreams = await TestUpstream.ServersAsync(5);
        var config = TestConfig.Simple(TestConfig.LoadBalancer(upstreams.Select(u => u.Url), $"lbAlgorithm: Maglev\n{HeaderHasher}"));
        await using var first = await TestProxy.StartAsync(config);
        await using var second = await TestProxy.StartAsync(config);

        for (var k = 0; k < 30; k++)
        {
            var key = $"session-{k * 7919}";
            Assert.Equal(await GetWithKeyAsync(first, key), await GetWithKeyAsync(second, key));
        }

        await TestUpstream.DisposeAllAsync(upstreams);
    }

    [Fact]
    public async Task Client_addr_hashing_ignores_a_clients_own_forwarded_for_unless_its_peer_is_trusted()
    {
        var upstreams = await TestUpstream.ServersAsync(5);
        var loadBalancer = TestConfig.LoadBalancer(upstreams.Select(u => u.Url), "lbAlgorithm: Maglev");
        await using var untrusting = await TestProxy.StartAsync(TestConfig.Simple(loadBalancer));
        await using var trusting = await TestProxy.StartAsync(
            TestConfig.WithServerFields(TestConfig.Simple(loadBalancer), "trustedProxies: [127.0.0.0/8, \"::1\"]"));

        var spoofed = new HashSet<string>();
        var vouched = new Dictionary<string, string>();
        for (var i = 0; i < 20; i++)
        {
            spoofed.Add(await GetForwardedForAsync(untrusting, $"198.51.100.{i}"));
            vouched[$"198.51.100.{i}"] = await GetForwardedForAsync(trusting, $"198.51.100.{i}");
        }

        Assert.Single(spoofed);
        Assert.True(vouched.Values.Distinct().Count() >= 3, $"20 forwarded clients landed on {vouched.Values.Distinct().Count()} upstreams");
        Assert.Equal(vouched["198.51.100.7"], await GetForwardedForAsync(trusting, "198.51.100.7"));
        Assert.Equal(vouched["198.51.100.7"], await GetForwardedForAsync(trusting, "192.0.2.1, 198.51.100.7"));
        await TestUpstream.DisposeAllAsync(upstreams);
    }

    private static async Task<string> GetWithKeyAsync(TestProxy proxy, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Hash-Key", key);
        using var response = await proxy.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<string> GetForwardedForAsync(TestProxy proxy, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await proxy.Client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
