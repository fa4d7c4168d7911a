using System.Net;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Functional: dialConfig.replaceTargets sends the connects for an upstream's host and port to a unix
/// socket, on both forwarding paths (aileron's HTTP/1.1 client for bodiless requests, YARP for the rest).
/// </summary>
public sealed class UpstreamDialerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aileron-unix-").FullName;
    private readonly LogCapture _lines = new();
    private KestrelUpstream _upstream = null!;

    public static TheoryData<string> Both => Forwarders.Both;

    private string Socket => Path.Combine(_folder, "upstream.sock");

    public async Task InitializeAsync() =>
        _upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            UnixSocket = Socket,
            Handler = async context =>
            {
                using var reader = new StreamReader(context.Request.Body);
                await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path} host={context.Request.Host} body={await reader.ReadToEndAsync()}");
            },
        });

    [Theory]
    [MemberData(nameof(Both))]
    public async Task A_host_and_port_replaced_by_a_unix_socket_are_reached_through_it(string forwarder)
    {
        var spec = $"httpTransportConfig:\n  dialConfig:\n    replaceTargets: [\"(tcp|backend.invalid:8080) > (unix|{Socket})\"]";
        var (proxy, log) = await ClientProxy.StartAsync(["http://backend.invalid:8080"], spec, _lines, forwarder);
        await using var _ = log;
        await using var __ = proxy;

        Assert.Equal("GET /a host=backend.invalid:8080 body=", await proxy.Client.GetStringAsync("/a"));
        using var posted = await proxy.Client.PostAsync("/b", new StringContent("data"));
        Assert.Equal("POST /b host=backend.invalid:8080 body=data", await posted.Content.ReadAsStringAsync());
        var route = proxy.Host.LoadBalancers.Values.Single();
        Assert.Equal(forwarder == Forwarders.Http1, route.Transport!.Http1 is not null);
    }

    [Fact]
    public async Task A_host_no_rule_names_is_dialled_as_usual()
    {
        var spec = $"httpTransportConfig:\n  dialConfig:\n    replaceTargets: [\"(tcp|other.invalid:80) > (unix|{Socket})\"]";
        var (proxy, log) = await ClientProxy.StartAsync([$"http://127.0.0.1:{TestHttpServer.ClosedPort()}"], spec, _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
