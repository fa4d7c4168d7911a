using Aileron.Patterns;

namespace Aileron.Routing;

/// <summary>
/// The outcome of routing one request: the load balancer that serves it and the path to forward, or
/// the reason none does (<see cref="LoadBalancer"/> is null: answer 404).
/// </summary>
internal readonly struct RouteMatch(HandlerRoute? handler, LoadBalancerRoute? loadBalancer, string forwardPath, PathParameters parameters)
{
    /// <summary>The handler whose pattern matched; null when no handler did.</summary>
    public HandlerRoute? Handler => handler;

    public LoadBalancerRoute? LoadBalancer => loadBalancer;

    /// <summary>The request path after the load balancer's trim/append/rewrite, before the upstream's base path.</summary>
    public string ForwardPath => forwardPath;

    public PathParameters Parameters => parameters;
}
