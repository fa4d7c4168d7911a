using Aileron.Balancing;
using Aileron.Configuration;
using Aileron.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Proxy;

/// <summary>
/// The running proxy of one config: a Kestrel server per HTTPServer the Entrypoint runs, the
/// <see cref="ProxyRuntime"/> (one engine and one health coordinator per load balancer, shared by
/// every handler that references it) with forwarding outcomes fed back to its coordinators, and one
/// pooled HTTP client for every upstream. Start it, stop it (draining), dispose it; tests run it
/// in-process on port 0.
/// </summary>
internal sealed class ProxyHost : IAsyncDisposable
{
    /// <summary>Used when a load balancer sets no connectTimeout (the config loader fills it in).</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly ProxyHostOptions _options;
    private readonly ServiceProvider _services;
    private readonly HttpMessageInvoker _invoker;
    private readonly List<ProxyServer> _servers = [];
    private readonly HealthProbe _probe;
    private readonly HealthFeedback _feedback;
    private readonly ProxyRuntime _runtime;
    private int _started;
    private int _stopped;

    public ProxyHost(ProxyConfig config, ProxyHostOptions? options = null)
    {
        _options = options ?? new ProxyHostOptions();
        Config = config;
        var log = _options.Log;
        var provider = new FrameworkLoggerProvider(log);
        _services = new ServiceCollection()
            .AddLogging(b => b.ClearProviders().AddProvider(provider).SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(_options.Time)
            .AddHttpForwarder()
            .BuildServiceProvider();
        var loggers = _services.GetRequiredService<ILoggerFactory>();
        var forwarder = _services.GetRequiredService<IHttpForwarder>();
        _probe = new HealthProbe(_options.Time);
        _runtime = new ProxyRuntime(config, _options.Random ?? RandomSource.CreateUnseeded(), _probe, new ProxyLogger(log), _options.Time);
        _feedback = new HealthFeedback(_options.Feedback);
        _feedback.Add(_runtime);
        _invoker = UpstreamClient.Create(ConnectTimeouts(_runtime.LoadBalancers.Values), DefaultConnectTimeout);
        foreach (var server in config.Servers)
        {
            var routes = new RouteTableHolder(_runtime.BuildRoutes(server));
            var handler = new ProxyHandler(
                routes, forwarder, _invoker, _feedback, log, _options.AccessLog, _options.Time, new ClientPolicy(server.Spec));
            _servers.Add(new ProxyServer(server, routes, handler, _services, loggers));
        }
    }

    public ProxyConfig Config { get; }

    public IReadOnlyList<ProxyServer> Servers => _servers;

    /// <summary>Every load balancer by name (<c>namespace/handler[index]</c>).</summary>
    public IReadOnlyDictionary<string, LoadBalancerRoute> LoadBalancers => Runtime.LoadBalancers;

    /// <summary>The engines, routes and health coordinators serving now.</summary>
    public ProxyRuntime Runtime => _runtime;

    /// <summary>The health coordinator of each load balancer serving now, in config order.</summary>
    public IReadOnlyList<HealthCoordinator> Coordinators => Runtime.Coordinators;

    /// <summary>Binds every server; on a bind failure stops the ones already started and throws <see cref="ListenException"/>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("the proxy has already been started");
        }

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
            foreach (var server in _servers)
            {
                await server.StartAsync(cancellationToken);
                started.Add(server);
                log.Info(
                    "listening",
                    new LogField("server", $"{server.Config.Id.Namespace}/{server.Config.Id.Name}"),
                    new LogField("addr", server.Config.Spec.Addr),
                    new LogField("urls", string.Join(' ', server.Urls)),
                    new LogField("load_balancers", string.Join(' ', server.Routes.Current.LoadBalancers.Select(lb => lb.Name))));
            }
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

        var log = _options.Log;
        await Task.WhenAll(_servers.Select(async server =>
        {
            var timeout = TimeSpan.FromSeconds(server.Config.Spec.ShutdownTimeout);
            log.Info(
                "draining",
                new LogField("server", $"{server.Config.Id.Namespace}/{server.Config.Id.Name}"),
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
                    new LogField("server", $"{server.Config.Id.Namespace}/{server.Config.Id.Name}"),
                    new LogField("waited_ms", Math.Round(waited.TotalMilliseconds)));
            }
        }));
        await Runtime.StopAsync();
        log.Info("stopped");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await Runtime.DisposeAsync();
        _probe.Dispose();
        _invoker.Dispose();
        await _services.DisposeAsync();
    }

    /// <summary>The connect timeout of each upstream host:port; the longest wins when load balancers share an upstream.</summary>
    private static Dictionary<string, TimeSpan> ConnectTimeouts(IEnumerable<LoadBalancerRoute> loadBalancers)
    {
        var timeouts = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);
        foreach (var lb in loadBalancers)
        {
            foreach (var upstream in lb.Balancer.Upstreams)
            {
                if (!Uri.TryCreate(upstream.Url, UriKind.Absolute, out var uri))
                {
                    continue;
                }

                foreach (var host in new[] { uri.IdnHost, uri.IdnHost.Trim('[', ']') })
                {
                    var key = UpstreamClient.Authority(host, uri.Port);
                    timeouts[key] = timeouts.TryGetValue(key, out var known) && known > lb.Spec.ConnectTimeout ? known : lb.Spec.ConnectTimeout;
                }
            }
        }

        return timeouts;
    }
}
