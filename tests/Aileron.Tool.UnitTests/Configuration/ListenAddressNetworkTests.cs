using Aileron.Configuration.Model;

namespace Aileron.Tests.Configuration;

/// <summary>AILERON's network prefixes on listen addresses (unit).</summary>
public sealed class ListenAddressNetworkTests
{
    [Theory]
    [InlineData(":8080", "Tcp", null, 8080)]
    [InlineData("tcp://127.0.0.1:8080", "Tcp", "127.0.0.1", 8080)]
    [InlineData("tcp4://:8080", "Tcp4", "0.0.0.0", 8080)]
    [InlineData("tcp6://:8080", "Tcp6", "::", 8080)]
    [InlineData("tcp4://localhost:80", "Tcp4", "127.0.0.1", 80)]
    [InlineData("tcp6://localhost:80", "Tcp6", "::1", 80)]
    public void Tcp_prefixes_choose_the_family(string text, string network, string? address, int port)
    {
        Assert.True(ListenAddress.TryParseNetwork(text, out var listen, out var error), error);
        Assert.Equal((network, address, port, text), (listen!.Network.ToString(), listen.Address?.ToString(), listen.Port, listen.Text));
    }

    [Fact]
    public void Unix_takes_a_path_relative_ones_from_the_working_directory_or_an_abstract_name()
    {
        Assert.True(ListenAddress.TryParseNetwork("unix:///run/gw.sock", out var path, out _));
        Assert.True(ListenAddress.TryParseNetwork("unix://@gw", out var @abstract, out _));
        Assert.True(ListenAddress.TryParseNetwork("unix://gw.sock", out var relative, out _));

        Assert.Equal(("/run/gw.sock", "@gw", Path.GetFullPath("gw.sock")), (path!.UnixPath, @abstract!.UnixPath, relative!.UnixPath));
        Assert.True(path.IsUnix && !path.IsAnyInterface);
    }

    [Theory]
    [InlineData("127.0.0.1:80", "127.0.0.1:80", true)]
    [InlineData(":80", "127.0.0.1:80", true)]
    [InlineData("tcp4://:80", "[::1]:80", true)]
    [InlineData("127.0.0.1:80", "127.0.0.2:80", false)]
    [InlineData("unix:///a.sock", "unix:///a.sock", true)]
    [InlineData("unix:///a.sock", ":80", false)]
    public void Overlaps_tells_which_addresses_cannot_both_be_bound(string a, string b, bool overlap)
    {
        Assert.True(ListenAddress.TryParseNetwork(a, out var first, out _));
        Assert.True(ListenAddress.TryParseNetwork(b, out var second, out _));

        Assert.Equal(overlap, first!.Overlaps(second!));
        Assert.False((first with { Network = NetworkKind.Udp }).Overlaps(second!));
    }
}
