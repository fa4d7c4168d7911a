using Aileron.Admin;
using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Forwarding;
using Aileron.Forwarding.Http1;
using Aileron.Forwarding.Yarp;
using Aileron.Health;
using Aileron.Hosting.Listening;
using Aileron.Observability;
using Aileron.Proxying;
using Aileron.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Hosting;

/// <summary>
/// The running proxy of one config: a Kestrel server per HTTPServer the Entrypoint runs, the
/// <see cref="ProxyRuntime"/> (one engine and one health coordinator per load balancer, shared by
/// every handler that references it) with forwarding outcomes fed back to its coordinators, and the
/// two pooled upstream clients every handler shares: aileron's HTTP/1.1 client and YARP's. Start it, stop it (draining), dispose it; tests run it
/// in-process on port 0. <see cref="ReloadAsync"/> replaces the config while it serves.
/// </summary>
internal sealed class ProxyHost : IAsyncDisposable
{
    /// <summary>Used when a load balancer sets no connectTimeout (the config loader fills it in).</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly ProxyHostOptions _options;
    private readonly ServiceProvider _services;
    private readonly HttpMessageInvoker _invoker;
    private readonly Http1Forwarder? _http1;
    private readonly HealthProbe _probe;
    private readonly HealthFeedback _feedback;
    private readonly RandomSource _random;
    private readonly IHttpForwarder _forwarder;
    private readonly ILoggerFactory _loggers;
    private readonly ConnectTimeouts _connectTimeouts = new(DefaultConnectTimeout);
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly CancellationTokenSource _retireStop = new();
    private readonly List<Task> _retiring = [];
    private readonly ProxyMetrics? _metrics;
    private readonly AdminServer? _admin;
    private IReadOnlyList<ProxyServer> _servers;
    private ProxyRuntime _runtime;
    private ProxyConfig _config;
    private volatile string? _notReady = "starting";
    private int _adminStarted;
    private int _started;
    private int _stopped;

    public ProxyHost(ProxyConfig config, ProxyHostOptions? options = null)
    {
        _options = options ?? new ProxyHostOptions();
        _config = config;
        var log = _options.Log;
        var provider = new FrameworkLoggerProvider(log);
        _services = new ServiceCollection()
            .AddLogging(b => b.ClearProviders().AddProvider(provider).SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(_options.Time)
            .AddHttpForwarder()
            .BuildServiceProvider();
        _loggers = _services.GetRequiredService<ILoggerFactory>();
        _forwarder = _services.GetRequiredService<IHttpForwarder>();
        _probe = new HealthProbe(_options.Time);
        _random = _options.Random ?? RandomSource.CreateUnseeded();
        _runtime = new ProxyRuntime(config, _random, _probe, new ProxyLogger(log), _options.Time);
        _feedback = new HealthFeedback(_options.Feedback);
        _feedback.Add(_runtime);
        _connectTimeouts.Update(_runtime.ConnectTimeouts);
        _invoker = UpstreamClient.Create(_connectTimeouts);
        _http1 = _options.Http1Client ? new Http1Forwarder(_connectTimeouts, _options.Time) : null;
        if (_options.Admin is { } admin)
        {
            // Metrics are recorded only when something can read them.
            _metrics = new ProxyMetrics(() => Runtime.Coordinators);
            _admin = new AdminServer(admin, _metrics, () => Runtime.Report(), () => _notReady, log);
        }

        _servers = [.. config.Servers.Select(server => CreateServer(server, _runtime))];
    }

    /// <summary>The config serving now.</summary>
    public ProxyConfig Config => Volatile.Read(ref _config);

    /// <summary>The listeners serving now, in config order.</summary>
    public IReadOnlyList<ProxyServer> Servers => Volatile.Read(ref _servers);

    /// <summary>Every load balancer by name (<c>namespace/handler[index]</c>).</summary>
    public IReadOnlyDictionary<string, LoadBalancerRoute> LoadBalancers => Runtime.LoadBalancers;

    /// <summary>The engines, routes and health coordinators serving now.</summary>
    public ProxyRuntime Runtime => Volatile.Read(ref _runtime);

    /// <summary>The health coordinator of each load balancer serving now, in config order.</summary>
    public IReadOnlyList<HealthCoordinator> Coordinators => Runtime.Coordinators;

    /// <summary>aileron's own HTTP/1.1 client, which bodiless requests take; null when every request goes through YARP.</summary>
    public Http1Forwarder? Http1 => _http1;

    /// <summary>The admin listener of <see cref="ProxyHostOptions.Admin"/>; null when there is none.</summary>
    public AdminServer? Admin => _admin;

    /// <summary>Every server bound and not draining: what the admin endpoint's <c>GET /readyz</c> answers 200 to.</summary>
    public bool IsReady => _notReady is null;

    /// <summary>
    /// Binds the admin listener, when there is one, ahead of the proxy's servers, so that until they
    /// are bound <c>GET /readyz</c> answers 503; <see cref="StartAsync"/> does it when not done yet.
    /// </summary>
    public async Task StartAdminAsync(CancellationToken cancellationToken = default)
    {
        if (_admin is null || Interlocked.Exchange(ref _adminStarted, 1) == 1)
        {
            return;
        }

        var log = _options.Log;
        await _admin.StartAsync(cancellationToken);
        log.Info("admin listening", new LogField("addr", _admin.Address.Text), new LogField("urls", string.Join(' ', _admin.Urls)));
        if (!_admin.Address.IsLoopback)
        {
            log.Warn(
                "the admin listener is not on a loopback address: whoever reaches it can read upstream state and metrics",
                new LogField("addr", _admin.Address.Text));
        }
    }

    /// <summary>Binds every server; on a bind failure stops the ones already started and throws <see cref="ListenException"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("the proxy has already been started");
        }

        await StartAdminAsync(cancellationToken);
        var log = _options.Log;
        foreach (var lb in Runtime.LoadBalancers.Values)
        {
            log.Info(
                "load balancer",
                new LogField("name", lb.Name),
                new LogField("algorithm", lb.Spec.LbAlgorithm.ToString()),
                new LogField("match", string.Join(" | ", lb.PathMatchers)),
                new LogField("upstreams", string.Join(' ', lb.Balancer.Upstreams.Select(u => u.IsEnabled ? u.Url : $"{u.Url}(disabled)"))));
        }

        // Health checks run from the start (until they settle every upstream counts as healthy) and
        // until StopAsync, after the drain: the token only cancels starting.
        Runtime.Start(CancellationToken.None);
        var started = new List<ProxyServer>();
        try
        {
            foreach (var server in Servers)
            {
                await server.StartAsync(cancellationToken);
                started.Add(server);
                LogListening(server);
            }

            _notReady = null;
        }
        catch
        {
            foreach (var server in started)
            {
                await server.StopAsync(new CancellationToken(canceled: true));
            }

            throw;
        }
    }

    /// <summary>
    /// Stops accepting on every server and lets requests in flight finish, each server for up to its
    /// <c>shutdownTimeout</c>, or until <paramref name="force"/> fires; then closes what is left.
    /// </summary>
    public async Task StopAsync(CancellationToken force = default)
    {
        if (Volatile.Read(ref _started) == 0 || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        // A reload under way finishes first; any later one sees the host stopped and does nothing.
        await _reloading.WaitAsync(CancellationToken.None);
        _reloading.Release();
        _notReady = "draining";
        var log = _options.Log;
        await Task.WhenAll(Servers.Select(server => DrainAsync(server, force)));
        await _retireStop.CancelAsync();
        await Task.WhenAll(_retiring);
        await Runtime.StopAsync();
        if (_admin is not null && Volatile.Read(ref _adminStarted) == 1)
        {
            // A scrape in progress may finish; the admin listener has no long requests.
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1), _options.Time);
            await _admin.StopAsync(quick.Token);
        }

        _notReady = "stopped";
        log.Info("stopped");
    }

    /// <summary>
    /// Replaces the config while serving. Everything is built first (engines with the health of
    /// upstreams that stay carried over by URL, routes, new listeners bound); only when all of it
    /// succeeded does it take over, each server's routes swapped atomically. Requests already running
    /// finish on the old routes and engines, which are retired once none is left; listeners the new
    /// config no longer has are drained. On any failure nothing changes and the old config serves on.
    /// </summary>
    /// <param name="next">A loaded, validated config.</param>
    public async Task<ReloadResult> ReloadAsync(ProxyConfig next, CancellationToken cancellationToken = default)
    {
        await _reloading.WaitAsync(cancellationToken);
        try
        {
            if (Volatile.Read(ref _started) == 0 || Volatile.Read(ref _stopped) == 1)
            {
                return ReloadResult.Rejected("the proxy is not serving");
            }

            ProxyRuntime runtime;
            try
            {
                runtime = new ProxyRuntime(next, _random, _probe, new ProxyLogger(_options.Log), _options.Time, Runtime);
            }
            catch (NotSupportedException e)
            {
                return ReloadResult.Rejected(e.Message);
            }

            var plan = ListenerPlan.Create(Servers, next.Servers);
            var bound = new List<ProxyServer>();
            foreach (var config in plan.Added)
            {
                var server = CreateServer(config, runtime);
                try
                {
                    await server.StartAsync(cancellationToken);
                    bound.Add(server);
                }
                catch (Exception e) when (e is ListenException or OperationCanceledException)
                {
                    await server.DisposeAsync();
                    foreach (var started in bound)
                    {
                        await started.StopAsync(new CancellationToken(canceled: true));
                        await started.DisposeAsync();
                    }

                    await runtime.DisposeAsync();
                    return ReloadResult.Rejected(
                        e is ListenException ? $"{e.Message}: changing this listener needs a restart" : "the reload was cancelled");
                }
            }

            return await CommitAsync(next, runtime, plan, bound);
        }
        finally
        {
            _reloading.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _retireStop.CancelAsync();
        await Task.WhenAll(_retiring);
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        _metrics?.Dispose();
        await Runtime.DisposeAsync();
        _probe.Dispose();
        _invoker.Dispose();
        _http1?.Dispose();
        await _services.DisposeAsync();
        _reloading.Dispose();
        _retireStop.Dispose();
    }

    /// <summary>The point of no return of a reload: everything it needed exists; swap it in.</summary>
    private async Task<ReloadResult> CommitAsync(ProxyConfig next, ProxyRuntime runtime, ListenerPlan plan, List<ProxyServer> bound)
    {
        var log = _options.Log;
        _connectTimeouts.Update(runtime.ConnectTimeouts);
        _feedback.Add(runtime);
        runtime.Start(CancellationToken.None);
        var restart = new List<string>();
        foreach (var (server, config) in plan.Kept)
        {
            restart.AddRange(ServerLimits.ChangedFields(server.StartSpec, config.Spec).Select(f => $"{f} (HTTPServer {NameOf(config)})"));
            var routes = new RouteTableHolder(runtime.BuildRoutes(config));
            server.Swap(config, routes, CreateHandler(config, routes));
        }

        var old = Runtime;
        Volatile.Write(ref _runtime, runtime);
        Volatile.Write(ref _config, next);
        var byConfig = plan.Kept.ToDictionary(k => k.Next, k => k.Server).Concat(bound.Select(s => KeyValuePair.Create(s.Config, s)));
        var servers = byConfig.ToDictionary(p => p.Key, p => p.Value);
        Volatile.Write(ref _servers, [.. next.Servers.Select(c => servers[c])]);

        // The old engines stop probing now; they stay reachable for the outcomes of requests still on them.
        await old.StopAsync();
        _retiring.RemoveAll(t => t.IsCompleted);
        _retiring.Add(RetireAsync(old, plan.Removed));
        foreach (var server in bound)
        {
            LogListening(server);
        }

        foreach (var field in restart)
        {
            log.Warn("changed but only applied by a restart", new LogField("field", field));
        }

        return new ReloadResult(
            null, [.. bound.Select(s => s.Config.Spec.Addr)], [.. plan.Removed.Select(s => s.Config.Spec.Addr)], restart);
    }

    /// <summary>Drains the listeners a reload dropped, waits for the last request on the old engines, then disposes them.</summary>
    private async Task RetireAsync(ProxyRuntime old, IReadOnlyList<ProxyServer> removed)
    {
        await Task.WhenAll(removed.Select(async server =>
        {
            _options.Log.Info(
                "stopped listening: the config no longer has this address",
                new LogField("server", NameOf(server.Config)),
                new LogField("addr", server.Config.Spec.Addr));
            await DrainAsync(server, _retireStop.Token);
            await server.DisposeAsync();
        }));
        try
        {
            while (old.LoadBalancers.Values.Any(lb => lb.Balancer.Upstreams.Any(u => u.InFlight > 0)))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), _options.Time, _retireStop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: its own drain has ended every request.
        }

        _feedback.Remove(old);
        await old.DisposeAsync();
    }

    /// <summary>Stops accepting on one server and lets its requests finish, up to its <c>shutdownTimeout</c> or <paramref name="force"/>.</summary>
    private async Task DrainAsync(ProxyServer server, CancellationToken force)
    {
        var log = _options.Log;
        var timeout = TimeSpan.FromSeconds(server.Config.Spec.ShutdownTimeout);
        log.Info(
            "draining",
            new LogField("server", NameOf(server.Config)),
            new LogField("timeout", DurationParser.Format(timeout)));
        var began = _options.Time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, _options.Time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, force);
        await server.StopAsync(either.Token);
        var waited = _options.Time.GetElapsedTime(began);
        if (either.IsCancellationRequested)
        {
            log.Warn(
                "drain cut short: connections still open were closed",
                new LogField("server", NameOf(server.Config)),
                new LogField("waited_ms", Math.Round(waited.TotalMilliseconds)));
        }
    }

    private ProxyServer CreateServer(ServerConfig config, ProxyRuntime runtime)
    {
        var routes = new RouteTableHolder(runtime.BuildRoutes(config));
        return new ProxyServer(config, routes, CreateHandler(config, routes), _services, _loggers, _options.Time);
    }

    private ProxyHandler CreateHandler(ServerConfig config, RouteTableHolder routes) =>
        new(routes, _forwarder, _invoker, _feedback, _options.Log, _options.AccessLog, _options.Time, _metrics, new ClientPolicy(config.Spec), _http1);

    private void LogListening(ProxyServer server) =>
        _options.Log.Info(
            "listening",
            new LogField("server", NameOf(server.Config)),
            new LogField("addr", server.Config.Spec.Addr),
            new LogField("urls", string.Join(' ', server.Urls)),
            new LogField("load_balancers", string.Join(' ', server.Routes.Current.LoadBalancers.Select(lb => lb.Name))));

    private static string NameOf(ServerConfig server) => $"{server.Id.Namespace}/{server.Id.Name}";
}
