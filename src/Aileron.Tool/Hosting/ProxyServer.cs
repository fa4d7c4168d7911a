using Aileron.Configuration.Model;
using Aileron.Hosting.Listening;
using Aileron.Proxying;
using Aileron.Routing;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aileron.Hosting;

/// <summary>
/// One HTTPServer: a Kestrel server on its <c>addr</c> (HTTP/1.1, and HTTP/2 over cleartext with
/// prior knowledge) running the proxy application over its own routing table.
/// </summary>
internal sealed class ProxyServer : IAsyncDisposable
{
    private readonly KestrelServer _kestrel;
    private readonly ProxyApplication _application;
    private readonly CancellationTokenSource _stopping = new();
    private ServerConfig _config;
    private RouteTable _routes;

    public ProxyServer(ServerConfig config, RouteTable routes, ProxyHandler handler, IServiceProvider services, ILoggerFactory loggers, TimeProvider time)
    {
        _config = config;
        _routes = routes;
        StartSpec = config.Spec;
        _application = new ProxyApplication(handler);
        var options = new KestrelServerOptions { AddServerHeader = false, ApplicationServices = services };
        ServerLimits.Apply(options.Limits, config.Spec);
        KestrelListen.On(options, config.Listen, o =>
        {
            FirstRequestDeadline.Use(o, options.Limits.RequestHeadersTimeout, time);
            CleartextHttp2.Use(o, options.Limits.RequestHeadersTimeout, _stopping.Token);
            RawRequestHeads.Use(o);
        });

        // A connection reads straight into a pooled buffer instead of first waiting for data with an
        // empty read: one system call less per request, for a 4 KB block held by each idle connection.
        // Kestrel runs a connection's request processing on the socket event thread that read it,
        // as the socket continuations already do (SocketCompletions), instead of queueing it to the
        // thread pool: no hand-off and no wake-up per request, about a quarter less CPU per request
        // (see the README's Performance section). This is safe only because nothing on the request
        // path blocks: logging goes through a bounded channel, and every wait is awaited.
        var transport = new SocketTransportFactory(
            Options.Create(new SocketTransportOptions { WaitForDataBeforeAllocatingBuffer = false, UnsafePreferInlineScheduling = true }),
            loggers);
        _kestrel = new KestrelServer(Options.Create(options), transport, loggers);
    }

    /// <summary>The HTTPServer as the config serving now has it (a reload may rename it or change its fields, never its address).</summary>
    public ServerConfig Config => Volatile.Read(ref _config);

    public RouteTable Routes => Volatile.Read(ref _routes);

    /// <summary>The spec the listener was built from: its address and Kestrel limits stay as this says until a restart.</summary>
    public HttpServerSpec StartSpec { get; }

    /// <summary>Serves new requests with <paramref name="handler"/> from now on; requests running finish on the one they started with.</summary>
    public void Swap(ServerConfig config, RouteTable routes, ProxyHandler handler)
    {
        Volatile.Write(ref _config, config);
        Volatile.Write(ref _routes, routes);
        _application.Handler = handler;
    }

    /// <summary>The URLs Kestrel bound, with real ports when the config asked for port 0.</summary>
    public IReadOnlyList<string> Urls =>
        [.. _kestrel.Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    /// <summary>The port bound, with the real one when the config asked for port 0.</summary>
    public int Port => Urls.Select(u => new Uri(u.Replace("[::]", "[::1]", StringComparison.Ordinal)).Port).FirstOrDefault();

    /// <summary>Binds the address and starts accepting; throws <see cref="ListenException"/> when it cannot bind.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _kestrel.StartAsync(_application, cancellationToken);
        }
        catch (Exception e) when (KestrelListen.IsBindFailure(e))
        {
            throw KestrelListen.Failure(e, Config.Spec.Addr, $"HTTPServer {Config.Id.Namespace}/{Config.Id.Name}");
        }
    }

    /// <summary>Stops accepting, lets requests in flight finish until <paramref name="cancellationToken"/> fires, then cuts the rest.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return _kestrel.StopAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _kestrel.Dispose();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
