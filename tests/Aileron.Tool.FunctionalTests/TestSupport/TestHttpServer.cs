using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aileron.Tests.TestSupport;

/// <summary>A real Kestrel server on 127.0.0.1 and an ephemeral port, answering with the given handler.</summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestHttpServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The base URL, without a trailing slash: <c>http://127.0.0.1:PORT</c>.</summary>
    public string Url { get; }

    public static async Task<TestHttpServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHttpServer(app, address.TrimEnd('/'));
    }

    /// <summary>A server whose answer is the status code in the path: <c>/status/503</c> answers 503.</summary>
    public static Task<TestHttpServer> StartStatusServerAsync() => StartAsync(context =>
    {
        var segments = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        context.Response.StatusCode = segments is ["status", var code] ? int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) : 200;
        return Task.CompletedTask;
    });

    /// <summary>A loopback port that nothing listens on (it was free a moment ago), so connecting is refused.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>A loopback URL whose port nothing listens on (the connect is refused).</summary>
    public static string ClosedPortUrl() => $"http://127.0.0.1:{ClosedPort()}";

    /// <summary>A loopback listener that accepts connections (the OS does, from its backlog) and never answers.</summary>
    public static TcpListener SilentListener(out int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        port = ((IPEndPoint)listener.LocalEndpoint).Port;
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
