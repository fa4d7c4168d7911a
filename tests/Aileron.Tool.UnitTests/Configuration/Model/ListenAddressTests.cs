using System.Net;
using Aileron.Configuration.Model;

namespace Aileron.Tests.Configuration.Model;

public sealed class ListenAddressTests
{
    [Fact]
    public void A_bare_port_listens_on_every_interface()
    {
        Assert.True(ListenAddress.TryParse(":8080", out var address, out _));

        Assert.True(address!.IsAnyInterface);
        Assert.Equal(8080, address.Port);
    }

    [Theory]
    [InlineData("127.0.0.1:9000", "127.0.0.1")]
    [InlineData("[::1]:9000", "::1")]
    [InlineData("0.0.0.0:9000", "0.0.0.0")]
    public void An_ip_and_port_listen_on_that_address(string text, string ip)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out _));

        Assert.Equal(IPAddress.Parse(ip), address!.Address);
        Assert.Equal(9000, address.Port);
    }

    [Fact]
    public void Localhost_listens_on_both_loopbacks()
    {
        Assert.True(ListenAddress.TryParse("localhost:0", out var address, out _));

        Assert.True(address!.IsLocalhost);
        Assert.True(address.IsLoopback);
        Assert.Equal(0, address.Port);
    }

    [Theory]
    [InlineData("8080")]
    [InlineData(":http")]
    [InlineData(":65536")]
    [InlineData("::1:8080")]
    [InlineData("example.com:80")]
    [InlineData(":-1")]
    public void Malformed_addresses_are_rejected_with_a_reason(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var error));

        Assert.Contains(text, error);
    }
}
