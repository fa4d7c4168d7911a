using System.Collections.Frozen;
using Aileron.Admin;
using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Forwarding;
using Aileron.Forwarding.Http1;
using Aileron.Forwarding.Transport;
using Aileron.Health;
using Aileron.Proxying;
using Aileron.Routing;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>
/// What one config runs on: per load balancer, its engine, its compiled route and the health
/// coordinator that feeds the engine, all made here and nowhere else. A config reload builds the next
/// runtime beside the one serving (handing over the health of upstreams that stay, by URL), swaps
/// the route tables, and retires the old runtime once its requests are done.
/// </summary>
internal sealed class ProxyRuntime : IAsyncDisposable
{
    private readonly Dictionary<string, LoadBalancerRoute> _loadBalancers = new(StringComparer.Ordinal);
    private readonly FrozenDictionary<LoadBalancerRoute, HealthCoordinator> _health;
    private readonly HealthCoordinator[] _coordinators;
    private readonly Dictionary<ResourceId, UpstreamTransport> _transports = [];
    private int _stopped;

    /// <param name="probe">Shared by every active check; owned by the caller, so a reload can keep it.</param>
    /// <param name="logger">Where upstreams going down and coming back, and panic mode, are logged.</param>
    /// <param name="previous">The runtime this one replaces: the health of each upstream that stays is carried over.</param>
    /// <param name="transports">Builds the transport of an HTTPClient, given the longest connectTimeout of its load balancers; null: <see cref="UpstreamClients.CreateTransport"/> with defaults.</param>
    public ProxyRuntime(
        ProxyConfig config, RandomSource random, HealthProbe probe, ILogger logger, TimeProvider time, ProxyRuntime? previous = null,
        Func<HttpClientConfig, TimeSpan, UpstreamTransport>? transports = null)
    {
        Config = config;
        transports ??= (client, connect) => new UpstreamTransport(
            UpstreamTransportFactory.Options(client), new ConnectTimeouts(connect), time, connect, http1: true);
        var health = new Dictionary<LoadBalancerRoute, HealthCoordinator>();
        foreach (var lb in config.LoadBalancers)
        {
            // The engine's name is the config's load balancer name: UpstreamsReportBuilder.Live matches by it.
            var balancer = lb.Spec.CreateBalancer(random, lb.Name);
            var transport = TransportOf(lb, config, transports);
            var route = new LoadBalancerRoute(lb, balancer, transport);
            // Active checks of a load balancer with an HTTPClient go the way its requests go (TLS trust, dialer).
            var coordinator = transport is null
                ? new HealthCoordinator(balancer, lb.Spec, logger, time, probe)
                : new HealthCoordinator(balancer, lb.Spec, logger, time, (u, target) => ct => probe.ProbeAsync(target, u.HealthCheckTimeout, ct, transport));
            if (previous is not null)
            {
                coordinator.CarryOver(previous._coordinators.OrderBy(c => c.Balancer.Name == lb.Name ? 0 : 1));
            }

            _loadBalancers[lb.Name] = route;
            health[route] = coordinator;
        }

        _health = health.ToFrozenDictionary(ReferenceEqualityComparer.Instance);
        _coordinators = [.. health.Values];
    }

    public ProxyConfig Config { get; }

    /// <summary>The transport of each HTTPClient a load balancer of this config names.</summary>
    public IReadOnlyDictionary<ResourceId, UpstreamTransport> Transports => _transports;

    /// <summary>One transport per HTTPClient, however many load balancers name it (as AILERON shares one per resource).</summary>
    private UpstreamTransport? TransportOf(LoadBalancerConfig lb, ProxyConfig config, Func<HttpClientConfig, TimeSpan, UpstreamTransport> create)
    {
        if (lb.Client is not { } client)
        {
            return null;
        }

        if (!_transports.TryGetValue(client.Id, out var transport))
        {
            var connect = config.LoadBalancers.Where(l => l.Client?.Id == client.Id).Max(l => l.Spec.ConnectTimeout);
            _transports[client.Id] = transport = create(client, connect);
        }

        return transport;
    }

    /// <summary>Every load balancer by name (<c>namespace/handler[index]</c>), in config order.</summary>
    public IReadOnlyDictionary<string, LoadBalancerRoute> LoadBalancers => _loadBalancers;

    /// <summary>Every upstream URL with its load balancer's connect timeout, for the clients' connect step.</summary>
    public IEnumerable<(string Url, TimeSpan ConnectTimeout)> ConnectTimeouts =>
        _loadBalancers.Values.SelectMany(lb => lb.Balancer.Upstreams.Select(u => (u.Url, lb.Spec.ConnectTimeout)));

    /// <summary>Every upstream as aileron's HTTP/1.1 client keys it (<see cref="Http1Forwarder.KeyOf"/>).</summary>
    public IEnumerable<string> UpstreamPrefixes =>
        _loadBalancers.Values.SelectMany(lb => lb.Balancer.Upstreams.Select(u => Http1Forwarder.KeyOf(lb.PrefixOf(u), lb.AuthorityOf(u))));

    /// <summary>The requests running on this configuration's handlers.</summary>
    public InFlightRequests Requests { get; } = new();

    /// <summary>One per load balancer, in config order.</summary>
    public IReadOnlyList<HealthCoordinator> Coordinators => _coordinators;

    /// <summary>The coordinator of a load balancer of this runtime; null for a route of another runtime.</summary>
    public HealthCoordinator? HealthOf(LoadBalancerRoute route) => _health.GetValueOrDefault(route);

    /// <summary>Compiles a server's routing over this runtime's load balancers (one engine per load balancer, however many handlers use it).</summary>
    public RouteTable BuildRoutes(ServerConfig server) => RouteTable.Build(server, lb => _loadBalancers[lb.Name]);

    /// <summary>The live state of every load balancer: what the admin endpoint's <c>GET /upstreams</c> serves.</summary>
    public UpstreamsReport Report() => UpstreamsReportBuilder.Live(Config, _coordinators);

    /// <summary>Starts every active check; they run until <see cref="StopAsync"/> or <paramref name="cancellationToken"/>.</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        foreach (var coordinator in _coordinators)
        {
            coordinator.Start(cancellationToken);
        }
    }

    /// <summary>Stops the active checks and ejection timers; health flags stay as they are.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await Task.WhenAll(_coordinators.Select(c => c.StopAsync()));
        }
    }

    /// <summary>Disposed: retired after its last request, or with the host.</summary>
    public bool IsDisposed { get; private set; }

    public async ValueTask DisposeAsync()
    {
        IsDisposed = true;
        foreach (var coordinator in _coordinators)
        {
            await coordinator.DisposeAsync();
        }

        foreach (var transport in _transports.Values)
        {
            transport.Dispose();
        }
    }
}
