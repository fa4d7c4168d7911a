using System.Net.Quic;
using Aileron.Configuration.Model;
using Aileron.Configuration.Validation;
using Aileron.Hosting.Listening;
using Aileron.Proxying;
using Aileron.Routing;
using Aileron.Tls;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aileron.Hosting;

/// <summary>
/// One HTTPServer: a Kestrel server on its address (TCP, a unix socket, or QUIC for HTTP/3)
/// running the proxy application over its own routing table. Cleartext listeners speak HTTP/1.1
/// and, with prior knowledge, HTTP/2; TLS listeners HTTP/1.1 and, by ALPN when the config asks for
/// it, HTTP/2, with certificates that reload when their files change (<see cref="ListenerTls"/>).
/// Who may connect, and how many at once, is checked as connections are accepted (<see cref="ConnectionGate"/>).
/// </summary>
internal sealed class ProxyServer : IAsyncDisposable
{
    private readonly ProxyApplication _application;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ServerEnvironment _environment;
    private readonly ConnectionGate _gate;
    private readonly ListenerTls? _tls;
    private readonly ILogger _log;
    private IServer? _server;
    private IAsyncDisposable? _http3Host;
    private ServerConfig _config;
    private RouteTable _routes;
    private ServerTransport _transport;

    public ProxyServer(ServerConfig config, RouteTable routes, ProxyHandler handler, ServerEnvironment environment)
    {
        _config = config;
        _routes = routes;
        _environment = environment;
        _log = environment.Log.For<ProxyServer>();
        StartSpec = config.Spec;
        _transport = ServerTransport.From(config.Spec);
        _application = new ProxyApplication(handler, ServerPolicy.From(_transport, environment.Time));
        _gate = new ConnectionGate(_transport.ConnectionLimit);
        _gate.Allow(_transport.Networks);
        if (_transport.TlsSettings() is { } settings)
        {
            _tls = new ListenerTls(Name, settings, environment.Watch, _log, environment.Time);
        }

        if (!_transport.Http3)
        {
            var options = new KestrelServerOptions { AddServerHeader = false, ApplicationServices = environment.Services };
            ConfigureKestrel(options);

            // Kestrel runs a connection's request processing on the socket event thread that read it,
            // as the socket continuations already do (SocketCompletions), instead of queueing it to the
            // thread pool: no hand-off and no wake-up per request, about a quarter less CPU per request
            // (see the README's Performance section). This is safe only because nothing on the request
            // path blocks: logging goes through a bounded channel, and every wait is awaited.
            // A connection waits for data before it takes a block (ConnectionBlockPool says why).
            var socketOptions = new SocketTransportOptions
            {
                WaitForDataBeforeAllocatingBuffer = true,
                UnsafePreferInlineScheduling = true,
                CreateBoundListenSocket = ListenSockets.Factory(config.Listen.Network, _transport.TcpKeepAlive),
            };
            ConnectionBlockPool.UseIn(socketOptions, environment.Time);
            var sockets = new SocketTransportFactory(Options.Create(socketOptions), environment.Loggers);
            _server = new KestrelServer(Options.Create(options), new GatedListenerFactory(sockets, _gate), environment.Loggers);
        }
    }

    /// <summary>The HTTPServer as the config serving now has it (a reload may rename it or change its fields, never its address).</summary>
    public ServerConfig Config => Volatile.Read(ref _config);

    public RouteTable Routes => Volatile.Read(ref _routes);

    /// <summary>The spec the listener was built from: its address and Kestrel limits stay as this says until a restart.</summary>
    public HttpServerSpec StartSpec { get; }

    /// <summary>How the server speaks to clients now (a reload may change what does not need a new listener).</summary>
    public ServerTransport Transport => Volatile.Read(ref _transport);

    /// <summary>The TLS credentials served now; null on a cleartext listener.</summary>
    public TlsServerCredentials? Tls => _tls?.Current;

    /// <summary>Who may connect, and how many at once.</summary>
    public ConnectionGate Gate => _gate;

    /// <summary>The URLs Kestrel bound, with real ports when the config asked for port 0.</summary>
    public IReadOnlyList<string> Urls =>
        [.. _server?.Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    /// <summary>The port bound, with the real one when the config asked for port 0; 0 for a unix socket.</summary>
    public int Port => Config.Listen.IsUnix
        ? 0
        : Urls.Select(u => new Uri(u.Replace("[::]", "[::1]", StringComparison.Ordinal)).Port).FirstOrDefault();

    private string Name => $"{Config.Id.Namespace}/{Config.Id.Name}";

    /// <summary>Serves new requests with <paramref name="handler"/> from now on; requests running finish on the one they started with.</summary>
    public void Swap(ServerConfig config, RouteTable routes, ProxyHandler handler)
    {
        Volatile.Write(ref _config, config);
        Volatile.Write(ref _routes, routes);
        _application.Handler = handler;
    }

    /// <summary>
    /// Reads what serving <paramref name="next"/> needs (new certificate files) without serving it:
    /// throws when it cannot be used or needs another listener (TLS turned on or off); else returns
    /// the swap, for the reload to commit with the rest.
    /// </summary>
    public Action Prepare(ServerConfig next)
    {
        var transport = ServerTransport.From(next.Spec);
        if (transport.IsTls != Transport.IsTls)
        {
            throw new InvalidOperationException(
                $"HTTPServer {next.Id.Namespace}/{next.Id.Name}: turning TLS {(transport.IsTls ? "on" : "off")} on {next.Listen.Text} needs a restart");
        }

        var commitTls = _tls?.Prepare(transport.TlsSettings()!);
        return () =>
        {
            commitTls?.Invoke();
            _gate.Allow(transport.Networks);
            _application.Policy = ServerPolicy.From(transport, _environment.Time);
            Volatile.Write(ref _transport, transport);
        };
    }

    /// <summary>Binds the address and starts accepting; throws <see cref="ListenException"/> when it cannot.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var what = $"HTTPServer {Name}";
        try
        {
            _tls?.Load();
            _server ??= CreateHttp3();
            await _server.StartAsync(_application, cancellationToken);
        }
        catch (TlsLoadException e)
        {
            throw new ListenException($"cannot serve TLS on {Config.Listen.Text} ({what}): {e.Message}", e);
        }
        catch (Exception e) when (KestrelListen.IsBindFailure(e))
        {
            throw KestrelListen.Failure(e, Config.Listen.Text, what);
        }
    }

    /// <summary>Stops accepting, lets requests in flight finish until <paramref name="cancellationToken"/> fires, then cuts the rest.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return _server?.StopAsync(cancellationToken) ?? Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _server?.Dispose();
        if (_http3Host is not null)
        {
            await _http3Host.DisposeAsync();
        }

        _tls?.Dispose();
        _stopping.Dispose();
    }

    private void ConfigureKestrel(KestrelServerOptions options)
    {
        ServerLimits.Apply(options.Limits, Config.Spec);
        ServerLimits.Apply(options.Limits.Http2, _transport.Http2);
        if (Config.Spec.Http3Config is { MaxHeaderBytes: > 0 } http3)
        {
            options.Limits.MaxRequestHeadersTotalSize = http3.MaxHeaderBytes;
        }

        KestrelListen.On(options, Config.Listen, Configure);
    }

    /// <summary>What every connection goes through, in order: the header deadline, TLS, HTTP/2 detection, the raw head reader.</summary>
    private void Configure(ListenOptions listen)
    {
        if (_transport.Http3)
        {
            listen.Protocols = HttpProtocols.Http3;
            listen.UseHttps(_tls!.CallbackOptions());
            return;
        }

        var headers = listen.KestrelServerOptions.Limits.RequestHeadersTimeout;
        FirstRequestDeadline.Use(listen, headers, _environment.Time);
        if (_tls is not null)
        {
            if (!ServerServices.SupportsTls)
            {
                throw new ListenException($"cannot serve TLS on {Config.Listen.Text}: this Kestrel lacks the metrics type its TLS layer needs", new InvalidOperationException());
            }

            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(_tls.CallbackOptions());
            Http2CipherGuard.Use(listen, () => Transport.Http2?.PermitProhibitedCipherSuites == true, _log, Name);
        }
        else
        {
            CleartextHttp2.Use(listen, headers, () => Transport.CleartextHttp2, _stopping.Token);
        }

        RawRequestHeads.Use(listen);
    }

    private IServer CreateHttp3()
    {
        if (!QuicListener.IsSupported)
        {
            throw new ListenException($"cannot listen on {Config.Listen.Text} (HTTPServer {Name}): {ServerTransportValidator.NoQuic}", new PlatformNotSupportedException());
        }

        var (server, host) = Http3Host.Create(_environment, ConfigureKestrel);
        _http3Host = host;
        return server;
    }
}
