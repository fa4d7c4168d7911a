using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Forwarding;
using Aileron.Forwarding.Yarp;
using Aileron.Health;
using Aileron.Hosting;
using Aileron.Routing;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aileron.Benchmarks;

/// <summary>
/// The proxy's own work on a request before YARP forwards it, on the route tables <c>serve</c>
/// builds: <c>Route</c> is virtual host → handler → load balancer with the path rewrite;
/// <c>RouteAndPick</c> adds the request key, the pick and the upstream URI (text and parsed form).
/// Scenarios: the benchmark's round robin over one catch-all handler; Maglev hashing a header;
/// twenty handlers on two virtual hosts whose load balancers test methods, a header matcher and
/// Prefix/Regex path matchers with a rewrite, the request reaching one in the middle.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private const int Requests = 1024;

    private ProxyRuntime? _runtime;
    private RouteTable _table = null!;
    private HttpContext _context = null!;

    [Params("round-robin", "maglev-header", "twenty-handlers")]
    public string Scenario { get; set; } = "round-robin";

    [GlobalSetup]
    public void Setup()
    {
        var upstreams = "      upstreams:\n" + string.Join('\n', Enumerable.Range(1, 5).Select(i => $"        - url: http://127.0.0.1:800{i}"));
        var (config, context) = Scenario switch
        {
            "round-robin" => (EngineSetup.OneHandler("    - lbAlgorithm: RoundRobin\n" + upstreams), Request("/", null)),
            "maglev-header" => (
                EngineSetup.OneHandler("    - lbAlgorithm: Maglev\n      hasher: {hashSource: Header, key: Hash-Key}\n" + upstreams),
                Request("/", ("Hash-Key", "user-4711"))),
            _ => (TwentyHandlers(upstreams), Request("/svc11/api/v2/items/42", ("X-Tenant", "blue"))),
        };
        _runtime = new ProxyRuntime(config, RandomSource.CreateUnseeded(), new HealthProbe(), NullLogger.Instance, TimeProvider.System);
        _table = _runtime.BuildRoutes(config.Servers.Single());
        _context = context;
        if (_table.Match(_context).LoadBalancer is null)
        {
            throw new InvalidOperationException($"{Scenario}: the request matches no load balancer");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime?.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Requests)]
    public int Route()
    {
        var sum = 0;
        for (var i = 0; i < Requests; i++)
        {
            sum += _table.Match(_context).ForwardPath.Length;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public int RouteAndPick()
    {
        var sum = 0;
        for (var i = 0; i < Requests; i++)
        {
            var match = _table.Match(_context);
            var route = match.LoadBalancer!;
            var key = route.Keys is { } keys ? keys.Extract(_context, match.Parameters) : RequestKey.None;
            var upstream = route.Balancer.Pick(key)!;
            var uri = UpstreamUriCache.Shared.Get(UpstreamUri.Build(route.PrefixOf(upstream), _context, match.ForwardPath));
            sum += uri.Port;
        }

        return sum;
    }

    private static HttpContext Request(string path, (string Name, string Value)? header)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1:8080");
        context.Request.Path = path;
        if (header is { } h)
        {
            context.Request.Headers[h.Name] = h.Value;
        }

        return context;
    }

    /// <summary>Ten handlers on a named host and ten on any host, each with its own ReverseProxyHandler of three load balancers.</summary>
    private static ProxyConfig TwentyHandlers(string upstreams)
    {
        var handlers = Enumerable.Range(0, 20).Select(i =>
            $"        - pattern: /svc{i}/\n          handler: {{apiVersion: core/v1, kind: ReverseProxyHandler, name: svc{i}}}").ToList();
        var resources = Enumerable.Range(0, 20).Select(i => string.Join(
            '\n',
            "---",
            "apiVersion: core/v1",
            "kind: ReverseProxyHandler",
            $"metadata: {{name: svc{i}}}",
            "spec:",
            "  loadBalancers:",
            "    - methods: [POST]",
            "      upstreams: [{url: \"http://127.0.0.1:9000\"}]",
            "    - headerMatchers: [{key: X-Tenant, patterns: [blue, green]}]",
            "      pathMatchers:",
            $"        - {{match: \"^/svc{i}/api/v1/(.*)$\", matchType: Regex, rewrite: \"/v1/$1\"}}",
            $"        - {{match: \"^/svc{i}/api/v2/(.*)$\", matchType: Regex, rewrite: \"/v2/$1\"}}",
            upstreams,
            $"    - pathMatcher: {{match: /svc{i}/, matchType: Prefix, trimPrefix: /svc{i}}}",
            "      upstreams: [{url: \"http://127.0.0.1:9001\"}]"));
        return EngineSetup.Load(
            string.Join('\n', ["    - hosts: [api.example.com]", "      handlers:", .. handlers.Take(10), "    - handlers:", .. handlers.Skip(10)]),
            string.Join('\n', resources));
    }
}
