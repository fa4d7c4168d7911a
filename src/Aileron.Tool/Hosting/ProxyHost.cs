using Aileron.Admin;
using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Discovery;
using Aileron.Health;
using Aileron.Hosting.Listening;
using Aileron.Observability;
using Aileron.Proxying;
using Aileron.Routing;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>
/// The running proxy of one config: a Kestrel server per HTTPServer the Entrypoint runs, the
/// <see cref="ProxyRuntime"/> (one engine and one health coordinator per load balancer, shared by
/// every handler that references it) with forwarding outcomes fed back to its coordinators, and the
/// <see cref="UpstreamClients"/> every handler shares. Start it, stop it (draining), dispose it;
/// tests run it in-process on port 0. <see cref="ReloadAsync"/> replaces the config while it serves.
/// </summary>
internal sealed class ProxyHost : IAsyncDisposable
{
    private readonly ProxyHostOptions _options;
    private readonly ILogger _log;
    private readonly UpstreamClients _clients;
    private readonly HealthProbe _probe;
    private readonly HealthFeedback _feedback;
    private readonly RandomSource _random;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private readonly ServerRetirement _retirement;
    private readonly ProxyMetrics? _metrics;
    private readonly AdminServer? _admin;
    private readonly DnsDiscovery _discovery;
    private ProxyConfig _declared;
    private readonly ServerEnvironment _environment;
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
        _declared = config;
        _log = _options.Log.For<ProxyHost>();
        _discovery = new DnsDiscovery(_options.Resolver, _options.Time, _options.Log.For<DnsDiscovery>());
        _discovery.Follow(EndpointExpansion.Names(config));
        _clients = new UpstreamClients(_options.Log, _options.Time, _options.Http1Client);
        _probe = new HealthProbe(_options.Time);
        _random = _options.Random ?? RandomSource.CreateUnseeded();
        _environment = ServerEnvironment.Create(_options.Log, _options.Time, _options.Watch);
        _runtime = NewRuntime(config, previous: null);
        _feedback = new HealthFeedback(_options.Feedback);
        _feedback.Add(_runtime);
        _clients.Use(_runtime);
        _retirement = new ServerRetirement(_log, _options.Time, _feedback, _clients, () => Runtime);
        if (_options.Admin is { } admin)
        {
            // Metrics are recorded only when something can read them.
            _metrics = new ProxyMetrics(() => Runtime.Coordinators, () => _discovery.Failures);
            _admin = new AdminServer(admin, _metrics, () => Runtime.Report(), () => _notReady, _options.Log);
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

    /// <summary>The clients requests go to upstreams through.</summary>
    public UpstreamClients Clients => _clients;

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

        await _admin.StartAsync(cancellationToken);
        HostLog.AdminListening(_log, _admin.Address.Text, string.Join(' ', _admin.Urls));
        if (!_admin.Address.IsLoopback)
        {
            HostLog.AdminNotLoopback(_log, _admin.Address.Text);
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
        foreach (var lb in Runtime.LoadBalancers.Values)
        {
            HostLog.LoadBalancer(
                _log, lb.Name, lb.Spec.LbAlgorithm.ToString(), string.Join(" | ", lb.PathMatchers),
                string.Join(' ', lb.Balancer.Upstreams.Select(u => u.IsEnabled ? u.Url : $"{u.Url}(disabled)")));
        }

        // Upstreams named for discovery serve their resolved endpoints from the first request on.
        if (_discovery.IsFollowing && await _discovery.RefreshAsync(cancellationToken))
        {
            await ServeEndpointsBeforeStartAsync();
        }

        TransportLog.Transports(_log, Runtime);

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
            await ServerRetirement.StopNowAsync(started);
            throw;
        }

        _discovery.Start(ServeEndpointsAsync);
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

        // Not ready from the moment stopping begins, so a readiness probe takes the proxy out of
        // rotation before anything else happens (awaiting discovery or a reload could take a while).
        _notReady = "draining";
        await _discovery.DisposeAsync();
        // A reload under way finishes first; any later one sees the host stopped and does nothing.
        await _reloading.WaitAsync(CancellationToken.None);
        _reloading.Release();
        await Task.WhenAll(Servers.Select(server => _retirement.DrainAsync(server, force)));
        await _retirement.CutShortAsync();
        await Runtime.StopAsync();
        if (_admin is not null && Volatile.Read(ref _adminStarted) == 1)
        {
            // A scrape in progress may finish; the admin listener has no long requests.
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1), _options.Time);
            await _admin.StopAsync(quick.Token);
        }

        _notReady = "stopped";
        HostLog.Stopped(_log);
    }

    /// <summary>
    /// Replaces the config while serving. Everything that can fail is done first, starting nothing:
    /// the engines (with the health of upstreams that stay carried over by URL), every server's
    /// routes and handler, and the new listeners bound. Only when all of it succeeded does it take
    /// over, each server's routes swapped atomically. Requests already running finish on the old
    /// routes and engines, which are retired once the last of them ends; listeners the new config no
    /// longer has are drained. On any failure nothing changes and the old config serves on.
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

            _declared = next;
            _discovery.Follow(EndpointExpansion.Names(next));
            return await ApplyAsync(EndpointExpansion.Expand(next, _discovery.Current), cancellationToken);
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Serves the config again with the endpoints discovery found; told by discovery when an address set changed.</summary>
    private async Task ServeEndpointsAsync()
    {
        await _reloading.WaitAsync(CancellationToken.None);
        try
        {
            if (Volatile.Read(ref _stopped) == 0 && await ApplyAsync(EndpointExpansion.Expand(_declared, _discovery.Current), CancellationToken.None) is { Applied: false } result)
            {
                HostLog.EndpointsRejected(_log, result.Rejection ?? "-");
            }
        }
        finally
        {
            _reloading.Release();
        }
    }

    /// <summary>Stages, binds and commits <paramref name="next"/> (the config as it serves, endpoints expanded); under the reload lock.</summary>
    private async Task<ReloadResult> ApplyAsync(ProxyConfig next, CancellationToken cancellationToken)
    {
        ProxyRuntime? runtime = null;
        ReloadStage stage;
        try
        {
            // Reads the HTTPClients' TLS files again: a reload picks up rotated certificates.
            runtime = NewRuntime(next, Runtime);
            stage = Stage(next, runtime);
        }
        catch (Exception e)
        {
            await (runtime?.DisposeAsync() ?? ValueTask.CompletedTask);
            return ReloadResult.Rejected($"the new config could not be built: {e.Message}");
        }

        if (await stage.BindAsync(cancellationToken) is { } rejection)
        {
            await stage.Runtime.DisposeAsync();
            return ReloadResult.Rejected(rejection);
        }

        return await CommitAsync(stage);
    }

    /// <summary>
    /// Before anything listens: the first lookups found endpoints, so the servers are built again over
    /// them (nothing had started: no request, no health check, no socket).
    /// </summary>
    private async Task ServeEndpointsBeforeStartAsync()
    {
        var old = Runtime;
        var runtime = NewRuntime(EndpointExpansion.Expand(_declared, _discovery.Current), old);
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        _feedback.Add(runtime);
        _feedback.Remove(old);
        await old.DisposeAsync();
        _clients.Use(runtime);
        Volatile.Write(ref _runtime, runtime);
        Volatile.Write(ref _config, runtime.Config);
        Volatile.Write(ref _servers, [.. runtime.Config.Servers.Select(server => CreateServer(server, runtime))]);
    }

    public async ValueTask DisposeAsync()
    {
        await _discovery.DisposeAsync();
        await _retirement.CutShortAsync();
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
        await _clients.DisposeAsync();
        await _environment.DisposeAsync();
        _reloading.Dispose();
        _retirement.Dispose();
    }

    /// <summary>Builds what the next config needs, binding and starting nothing: a failure here leaves the old config alone.</summary>
    private ReloadStage Stage(ProxyConfig next, ProxyRuntime runtime)
    {
        var plan = ListenerPlan.Create(Servers, next.Servers);
        var kept = plan.Kept.Select(k =>
        {
            var routes = runtime.BuildRoutes(k.Next);
            return new KeptServer(k.Server, k.Next, routes, CreateHandler(k.Next, routes, runtime), k.Server.Prepare(k.Next));
        }).ToList();
        var added = plan.Added.Select(config => CreateServer(config, runtime)).ToList();
        return new ReloadStage(next, runtime, plan, kept, added);
    }

    /// <summary>The point of no return of a reload: everything it needed exists; swap it in.</summary>
    private async Task<ReloadResult> CommitAsync(ReloadStage stage)
    {
        var runtime = stage.Runtime;
        _clients.Use(runtime);
        _feedback.Add(runtime);
        runtime.Start(CancellationToken.None);
        var restart = new List<string>();
        foreach (var kept in stage.Kept)
        {
            restart.AddRange(ServerLimits.ChangedFields(kept.Server.StartSpec, kept.Next.Spec).Select(f => $"{f} (HTTPServer {HostLog.ServerName(kept.Next)})"));
            kept.Transport();
            kept.Server.Swap(kept.Next, kept.Routes, kept.Handler);
        }

        var old = Runtime;
        Volatile.Write(ref _runtime, runtime);
        Volatile.Write(ref _config, stage.Next);
        var byConfig = stage.Kept.Select(k => KeyValuePair.Create(k.Next, k.Server)).Concat(stage.Added.Select(s => KeyValuePair.Create(s.Config, s)));
        var servers = byConfig.ToDictionary(p => p.Key, p => p.Value);
        Volatile.Write(ref _servers, [.. stage.Next.Servers.Select(c => servers[c])]);

        // The old engines stop probing now; they stay reachable for the outcomes of requests still on them.
        await old.StopAsync();
        _retirement.Retire(old, stage.Plan.Removed);
        foreach (var server in stage.Added)
        {
            LogListening(server);
        }

        restart.ForEach(field => HostLog.RestartNeeded(_log, field));
        TransportLog.Transports(_log, runtime);
        return new ReloadResult(
            null, [.. stage.Added.Select(s => s.Config.Listen.Text)], [.. stage.Plan.Removed.Select(s => s.Config.Listen.Text)], restart);
    }

    private ProxyRuntime NewRuntime(ProxyConfig config, ProxyRuntime? previous) =>
        new(config, _random, _probe, _options.Log.For<HealthCoordinator>(), _options.Time, previous, _clients.CreateTransport);

    private ProxyServer CreateServer(ServerConfig config, ProxyRuntime runtime)
    {
        var routes = runtime.BuildRoutes(config);
        return new ProxyServer(config, routes, CreateHandler(config, routes, runtime), _environment);
    }

    private ProxyHandler CreateHandler(ServerConfig config, RouteTable routes, ProxyRuntime runtime) =>
        new(routes, new ClientPolicy(config.Spec), new ProxyServices(
            _clients.Forwarders, _feedback, _options.Log.For<ProxyHandler>(), _options.AccessLog, _options.Time, _metrics, runtime.Requests));

    private void LogListening(ProxyServer server) =>
        HostLog.Listening(
            _log, HostLog.ServerName(server.Config), server.Config.Listen.Text, string.Join(' ', server.Urls),
            string.Join(' ', server.Routes.LoadBalancers.Select(lb => lb.Name)));

}
