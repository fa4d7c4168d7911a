using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Functional: the pool settings of httpTransportConfig that a client of the proxy can observe, on
/// both forwarding paths: disableKeepAlives opens a new upstream connection per request (and says
/// Connection: close), maxConnsPerHost makes concurrent requests share the connections it allows.
/// </summary>
public sealed class UpstreamPoolTests
{
    private readonly LogCapture _lines = new();

    public static TheoryData<string> Both => Forwarders.Both;

    [Theory]
    [MemberData(nameof(Both))]
    public async Task DisableKeepAlives_opens_a_new_upstream_connection_for_each_request(string forwarder)
    {
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Handler = context => context.Response.WriteAsync($"connection={context.Request.Headers.Connection}"),
        });
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], "httpTransportConfig: {disableKeepAlives: true}", _lines, forwarder);
        await using var _ = log;
        await using var __ = proxy;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("connection=close", await proxy.Client.GetStringAsync("/"));
        }

        Assert.Equal(3, upstream.Connections);
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task Without_disableKeepAlives_requests_share_one_upstream_connection(string forwarder)
    {
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options { Handler = context => context.Response.WriteAsync("ok") });
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], "httpTransportConfig: {idleConnTimeout: 60000}", _lines, forwarder);
        await using var _ = log;
        await using var __ = proxy;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("ok", await proxy.Client.GetStringAsync("/"));
            if (proxy.Host.LoadBalancers.Values.Single().Transport!.Http1 is { } http1)
            {
                // The connection goes back to the pool a moment after the client has the answer.
                await Eventually.True(() => http1.PoolOf(upstream.Url).IdleCount == 1, "the connection back in the pool");
            }
        }

        Assert.Equal(1, upstream.Connections);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(0, 3)]
    public async Task MaxConnsPerHost_makes_concurrent_requests_wait_for_the_connections_it_allows(int maxConnsPerHost, int connections)
    {
        var arrived = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Handler = async context =>
            {
                // Without a limit all three are held until all three arrived, each on its own connection;
                // with one connection, the first is let through at once and the others follow on it.
                if (Interlocked.Increment(ref arrived) >= (maxConnsPerHost == 1 ? 1 : 3))
                {
                    release.TrySetResult();
                }

                await release.Task.WaitAsync(Forwarders.Deadline);
                await context.Response.WriteAsync("ok");
            },
        });
        var (proxy, log) = await ClientProxy.StartAsync(
            [upstream.Url], $"httpTransportConfig: {{maxConnsPerHost: {maxConnsPerHost}}}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => proxy.Client.GetStringAsync("/")));

        Assert.All(answers, a => Assert.Equal("ok", a));
        Assert.Equal(connections, upstream.Connections);
    }
}
