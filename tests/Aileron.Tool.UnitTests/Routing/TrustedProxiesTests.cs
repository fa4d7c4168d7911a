using System.Net;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Routing;

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

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("192.0.2.7", true)]
    [InlineData("192.0.2.8", false)]
    [InlineData("11.0.0.1", false)]
    [InlineData("::1", false)]
    public void A_peer_is_trusted_when_a_listed_network_or_address_contains_it(string address, bool trusted)
    {
        var proxies = TrustedProxies.From(["10.0.0.0/8", "192.0.2.7"]);

        Assert.Equal(trusted, proxies.IsTrusted(IPAddress.Parse(address)));
    }

    [Fact]
    public void Entries_that_do_not_parse_are_skipped_and_an_empty_list_trusts_no_one()
    {
        var proxies = TrustedProxies.From(["not-an-address", "10.0.0.0/8"]);

        Assert.True(proxies.IsTrusted(IPAddress.Parse("10.0.0.1")));
        Assert.False(TrustedProxies.From(["not-an-address"]).IsTrusted(IPAddress.Parse("10.0.0.1")));
        Assert.Same(TrustedProxies.None, TrustedProxies.From([]));
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
