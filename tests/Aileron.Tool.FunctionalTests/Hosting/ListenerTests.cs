using System.Net.Sockets;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>Every HTTPServer the Entrypoint runs listens on its own address.</summary>
public sealed class ListenerTests
{
    [Fact]
    public async Task Each_server_the_entrypoint_runs_listens_and_shares_a_referenced_handler()
    {
        var upstreams = await TestUpstream.ServersAsync(2);
        var yaml = TestConfig.Servers(("public", ":0"), ("internal", "127.0.0.1:0"))
            + TestConfig.Handler("default", TestConfig.LoadBalancer(upstreams.Select(u => u.Url)));
        await using var proxy = await TestProxy.StartAsync(yaml);
        var ports = proxy.Host.Servers.Select(s => s.Port).ToList();
        using var client = new HttpClient();

        var answers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.GetStringAsync(new Uri($"http://127.0.0.1:{ports[i % 2]}/")));
        }

        Assert.Equal(2, ports.Distinct().Count());
        Assert.Contains("[::]", proxy.Host.Servers[0].Urls.Single(), StringComparison.Ordinal);
        Assert.Equal(["Server :1", "Server :2", "Server :1", "Server :2"], answers);
        if (Socket.OSSupportsIPv6)
        {
            Assert.Equal("Server :1", await client.GetStringAsync(new Uri($"http://[::1]:{ports[0]}/")));
        }

        await TestUpstream.DisposeAllAsync(upstreams);
    }
}
