using System.Net;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Proxy;

/// <summary>X-Forwarded-For is believed for ClientAddr hashing only when the peer is a configured trusted proxy.</summary>
public sealed class TrustedProxiesTests
{
    [Theory]
    [InlineData("203.0.113.9", "198.51.100.1", "203.0.113.9")]
    [InlineData("10.0.0.5", "198.51.100.1", "198.51.100.1")]
    [InlineData("10.0.0.5", "198.51.100.1, 10.0.0.7", "198.51.100.1")]
    [InlineData("10.0.0.5", "192.0.2.66, 198.51.100.1", "198.51.100.1")]
    [InlineData("10.0.0.5", "10.0.0.8, 10.0.0.7", "10.0.0.8")]
    [InlineData("10.0.0.5", "", "10.0.0.5")]
    [InlineData("10.0.0.5", "not-an-ip, 10.0.0.7", "10.0.0.7")]
    [InlineData("10.0.0.5", "2001:db8::1", "2001:db8::1")]
    [InlineData("::ffff:10.0.0.5", "198.51.100.1", "198.51.100.1")]
    public void The_client_is_the_rightmost_address_no_trusted_proxy_vouches_past(string peer, string forwardedFor, string client)
    {
        var trusted = TrustedProxies.From(["10.0.0.0/8", "::1"]);

        Assert.Equal(IPAddress.Parse(client), trusted.ClientOf(Context(peer, forwardedFor)));
    }

    [Fact]
    public void Repeated_forwarded_for_headers_are_read_as_one_list_from_the_right()
    {
        var trusted = TrustedProxies.From(["10.0.0.5"]);
        var context = Context("10.0.0.5", string.Empty);
        context.Request.Headers.Append("X-Forwarded-For", "192.0.2.1");
        context.Request.Headers.Append("X-Forwarded-For", "198.51.100.1");

        Assert.Equal(IPAddress.Parse("198.51.100.1"), trusted.ClientOf(context));
    }

    [Fact]
    public void With_no_trusted_proxy_the_header_is_never_read()
    {
        Assert.Equal(IPAddress.Parse("10.0.0.5"), TrustedProxies.None.ClientOf(Context("10.0.0.5", "198.51.100.1")));
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
            spoofed.Add(await GetAsync(untrusting, $"198.51.100.{i}"));
            vouched[$"198.51.100.{i}"] = await GetAsync(trusting, $"198.51.100.{i}");
        }

        Assert.Single(spoofed);
        Assert.True(vouched.Values.Distinct().Count() >= 3, $"20 forwarded clients landed on {vouched.Values.Distinct().Count()} upstreams");
        Assert.Equal(vouched["198.51.100.7"], await GetAsync(trusting, "198.51.100.7"));
        Assert.Equal(vouched["198.51.100.7"], await GetAsync(trusting, "192.0.2.1, 198.51.100.7"));
        await ForwardingTests.DisposeAll(upstreams);
    }

    private static async Task<string> GetAsync(TestProxy proxy, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await proxy.Client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private static DefaultHttpContext Context(string peer, string forwardedFor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor.Length > 0)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        return context;
    }
}
