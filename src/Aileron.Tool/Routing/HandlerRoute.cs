using Aileron.Patterns;
using Microsoft.AspNetCore.Http;

namespace Aileron.Routing;

/// <summary>
/// A virtual host's handler as registered in the mux: one host (or any), a method set (or any), the
/// joined path pattern, and the load balancers of its ReverseProxyHandler, tried in order.
/// </summary>
internal sealed class HandlerRoute(string? host, MethodSet methods, RoutePattern pattern, LoadBalancerRoute[] loadBalancers)
{
    public string? Host => host;

    public MethodSet Methods => methods;

    public RoutePattern Pattern => pattern;

    public IReadOnlyList<LoadBalancerRoute> LoadBalancers => loadBalancers;

    /// <summary>The Go ServeMux pattern this handler stands for: <c>[METHODS ][HOST]/path</c>.</summary>
    public override string ToString() =>
        (methods.IsAny ? string.Empty : $"{methods} ") + host + pattern.Path;

    /// <summary>Finds the first load balancer that matches, or null (the handler then answers 404).</summary>
    public LoadBalancerRoute? MatchLoadBalancer(
        HttpContext context, string path, int methodBit, in PathParameters parameters, out string forwardPath)
    {
        foreach (var lb in loadBalancers)
        {
            if (lb.TryMatch(context, path, methodBit, parameters, out forwardPath))
            {
                return lb;
            }
        }

        forwardPath = path;
        return null;
    }
}
