using Aileron.Admin;

namespace Aileron.Tests.Admin;

public sealed class AdminAddressTests
{
    [Theory]
    [InlineData("9901", "localhost:9901", true)]
    [InlineData(":9901", "localhost:9901", true)]
    [InlineData("localhost:9901", "localhost:9901", true)]
    [InlineData("127.0.0.1:9901", "127.0.0.1:9901", true)]
    [InlineData("[::1]:9901", "[::1]:9901", true)]
    [InlineData("0.0.0.0:9901", "0.0.0.0:9901", false)]
    [InlineData("[::]:9901", "[::]:9901", false)]
    public void A_bare_port_means_loopback_and_every_interface_must_be_asked_for(string text, string parsed, bool loopback)
    {
        Assert.True(AdminAddress.TryParse(text, out var address, out var error), error);

        Assert.Equal((parsed, loopback, 9901), (address!.Text, address.IsLoopback, address.Port));
    }

    [Theory]
    [InlineData("admin", "'admin' is not host:port or a port")]
    [InlineData("127.0.0.1:99999", "port '99999'")]
    [InlineData("::1:9901", "IPv6 goes in brackets")]
    public void A_malformed_address_says_what_is_wrong(string text, string expected)
    {
        Assert.False(AdminAddress.TryParse(text, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
