using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Hosting;

/// <summary>requestHeadersTimeout bounds a connection's first request head, not the connection (functional).</summary>
public sealed class FirstRequestDeadlineTests
{
    [Fact]
    public async Task A_connection_that_outlives_requestHeadersTimeout_is_not_cut_once_its_request_is_in()
    {
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await c.Response.WriteAsync("slow but whole");
        });
        await using var proxy = await TestProxy.StartAsync(TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])), "requestHeadersTimeout: 1s"));

        Assert.Equal("slow but whole", await proxy.Client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.Equal("slow but whole", await proxy.Client.GetStringAsync(new Uri("/again", UriKind.Relative)));
    }
}
