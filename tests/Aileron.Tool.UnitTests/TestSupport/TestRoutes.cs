using Aileron.Balancing;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.TestSupport;

/// <summary>Routing built from inline YAML, and requests as Kestrel would hand them over (path decoded, query raw).</summary>
internal static class TestRoutes
{
    public const string Upstream = "http://upstream.test";

    /// <summary>The route table of the config's first server; one engine per load balancer config.</summary>
    public static RouteTable Table(string yaml)
    {
        var config = TestConfig.Load(yaml);
        var routes = config.LoadBalancers.ToDictionary(lb => lb.Name, Route);
        return RouteTable.Build(config.Servers[0], lb => routes[lb.Name]);
    }

    /// <summary>The routes of the load balancers (YAML list items, see <see cref="TestConfig.LoadBalancer"/>) of one handler, in order.</summary>
    public static LoadBalancerRoute[] LoadBalancers(string loadBalancers) =>
        [.. TestConfig.Load(TestConfig.Simple(loadBalancers)).LoadBalancers.Select(Route)];

    /// <summary>The route of one load balancer over <see cref="Upstream"/> with these extra YAML lines.</summary>
    public static LoadBalancerRoute LoadBalancer(string extra = "", params string[] urls) =>
        Assert.Single(LoadBalancers(TestConfig.LoadBalancer(urls.Length == 0 ? [Upstream] : urls, extra)));

    public static HttpContext Request(string method, string target, string host = "proxy.test", (string Name, string Value)[]? headers = null)
    {
        var context = new DefaultHttpContext();
        var query = target.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = Uri.UnescapeDataString(query < 0 ? target : target[..query]);
        context.Request.QueryString = new QueryString(query < 0 ? string.Empty : target[query..]);
        context.Request.Host = new HostString(host);
        foreach (var (name, value) in headers ?? [])
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }

    private static LoadBalancerRoute Route(Aileron.Configuration.Model.LoadBalancerConfig lb) =>
        new(lb, lb.Spec.CreateBalancer(new RandomSource(1), lb.Name));
}
