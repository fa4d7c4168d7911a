using System.Net;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Functional: httpTransportConfig's limits on what an upstream may take or send: responseHeaderTimeout
/// (504 when the headers do not come in time) and maxResponseHeaderBytes (502 when they are too large).
/// </summary>
public sealed class UpstreamLimitsTests
{
    private readonly LogCapture _lines = new();

    [Fact]
    public async Task An_upstream_silent_past_responseHeaderTimeout_gets_504_and_a_log_line_naming_the_setting()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Handler = async context =>
            {
                await release.Task.WaitAsync(TimeSpan.FromSeconds(30), context.RequestAborted);
                await context.Response.WriteAsync("late");
            },
        });
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], "httpTransportConfig: {responseHeaderTimeout: 200}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.GetAsync("/");
        release.TrySetResult();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        await Eventually.True(
            () => _lines.Text.Contains("sent no response headers within 200ms (responseHeaderTimeout)", StringComparison.Ordinal), "the log line");
    }

    [Fact]
    public async Task Response_headers_larger_than_maxResponseHeaderBytes_get_502()
    {
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Handler = context =>
            {
                context.Response.Headers["X-Big"] = new string('x', context.Request.Path == "/big" ? 4096 : 10);
                return context.Response.WriteAsync("ok");
            },
        });
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], "httpTransportConfig: {maxResponseHeaderBytes: 2048}", _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var small = await proxy.Client.GetAsync("/small");
        using var big = await proxy.Client.GetAsync("/big");

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, big.StatusCode);
    }
}
