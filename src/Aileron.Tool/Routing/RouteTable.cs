using System.Collections.Frozen;
using Aileron.Configuration.Model;
using Aileron.Errors;
using Aileron.Patterns;
using Microsoft.AspNetCore.Http;

namespace Aileron.Routing;

/// <summary>
/// The immutable routing of one HTTPServer, compiled from the config: which handler a request goes
/// to (Go ServeMux precedence: a handler for the request's host before one for any host; one for
/// the request's method before one for any method; the most specific path), then which load
/// balancer of that handler. Nothing is built per request; a config reload builds a new table and
/// swaps it in whole.
/// </summary>
internal sealed class RouteTable
{
    private readonly HostRoutes _anyHost;
    private readonly FrozenDictionary<string, HostRoutes>.AlternateLookup<ReadOnlySpan<char>> _byHost;
    private readonly bool _hasHosts;

    private RouteTable(IReadOnlyList<HandlerRoute> handlers, IReadOnlyList<LoadBalancerRoute> loadBalancers, ErrorResponder errors)
    {
        Errors = errors;
        Handlers = handlers;
        LoadBalancers = loadBalancers;
        _anyHost = new HostRoutes(handlers.Where(h => h.Host is null));
        var byHost = handlers.Where(h => h.Host is not null)
            .GroupBy(h => h.Host!, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => new HostRoutes(g), StringComparer.OrdinalIgnoreCase);
        _hasHosts = byHost.Count > 0;
        _byHost = byHost.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Every handler route, in config order.</summary>
    public IReadOnlyList<HandlerRoute> Handlers { get; }

    /// <summary>Every load balancer route the handlers use, each once, in config order.</summary>
    public IReadOnlyList<LoadBalancerRoute> LoadBalancers { get; }

    /// <summary>Writes the server's own error answers (the Entrypoint's <c>defaultErrorHandler</c>, or AILERON's default).</summary>
    public ErrorResponder Errors { get; }

    /// <summary>
    /// Compiles a server's virtual hosts. <paramref name="loadBalancerRoute"/> returns the route of a
    /// load balancer config, so one balancer referenced from several handlers or servers is one engine.
    /// </summary>
    public static RouteTable Build(ServerConfig server, Func<LoadBalancerConfig, LoadBalancerRoute> loadBalancerRoute)
    {
        var handlers = new List<HandlerRoute>();
        var used = new List<LoadBalancerRoute>();
        foreach (var vh in server.VirtualHosts)
        {
            var vhMethods = MethodSet.Of(vh.Spec.Methods);
            foreach (var handler in vh.Handlers)
            {
                if (!RoutePattern.TryParse(handler.Spec.Pattern, out var written, out var error))
                {
                    throw new ArgumentException($"{handler.Spec.Path}.pattern: {error}", nameof(server));
                }

                var handlerPath = handler.Spec.Pattern.Length == 0 ? string.Empty : written.Path;

                // A ReverseProxyHandler with patterns of its own is registered once per pattern, under the handler's.
                var paths = handler.Patterns is { Count: > 0 } own
                    ? own.Select(p => GoPath.JoinHandlerPattern(handlerPath, p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
                    : [handlerPath];
                var patterns = new List<RoutePattern>();
                foreach (var path in paths)
                {
                    if (!RoutePattern.TryParse(GoPath.JoinPattern(vh.Spec.Pattern, path), out var pattern, out error))
                    {
                        throw new ArgumentException($"{handler.Spec.Path}.pattern: {error}", nameof(server));
                    }

                    patterns.Add(pattern);
                }

                // AILERON: the handler's methods, narrowed to the virtual host's when both are set.
                var methods = vhMethods.Intersect(MethodSet.Of(handler.Methods ?? []));
                methods = written.Method is { } method ? methods.Intersect(MethodSet.Of(method)) : methods;

                string?[] hosts = written.Host is { } host
                    ? (vh.Spec.Hosts.Count == 0 || vh.Spec.Hosts.Contains(host, StringComparer.OrdinalIgnoreCase) ? [host] : [])
                    : vh.Spec.Hosts.Count == 0 ? [null] : [.. vh.Spec.Hosts];
                LoadBalancerRoute[] lbs = [.. handler.LoadBalancers.Select(loadBalancerRoute)];
                foreach (var lb in lbs.Where(lb => !used.Contains(lb)))
                {
                    used.Add(lb);
                }

                handlers.AddRange(hosts.SelectMany(h => patterns.Select(p => new HandlerRoute(h, methods, p, lbs))));
            }
        }

        return new RouteTable(handlers, used, ErrorResponder.Create(server.ErrorHandler));
    }

    /// <summary>Routes a request: the handler (by host, method and path), then its first matching load balancer.</summary>
    public RouteMatch Match(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value;
        if (string.IsNullOrEmpty(path))
        {
            path = "/";
        }

        var methodBit = MethodSet.BitOf(request.Method);
        HandlerRoute? handler = null;
        var parameters = PathParameters.Empty;
        if (_hasHosts
            && _byHost.TryGetValue(LoadBalancerRoute.HostName(request.Headers.Host.ToString()), out var forHost))
        {
            handler = forHost.Match(path, methodBit, out parameters);
        }

        handler ??= _anyHost.Match(path, methodBit, out parameters);
        if (handler is null || !handler.Methods.IsAny && !handler.Methods.Contains(methodBit))
        {
            // No handler, or the HEAD twin of a GET-only handler, which AILERON registers as not found.
            return new RouteMatch(handler, null, path, parameters);
        }

        var lb = handler.MatchLoadBalancer(context, path, methodBit, parameters, out var forwardPath);
        return new RouteMatch(handler, lb, forwardPath, parameters);
    }

    /// <summary>The handlers of one host (or of any host), each list ordered most specific path first.</summary>
    private sealed class HostRoutes
    {
        private static readonly int HeadBit = MethodSet.Bit(HttpMethodName.HEAD);
        private static readonly int GetBit = MethodSet.Bit(HttpMethodName.GET);
        private readonly HandlerRoute[] _withMethods;
        private readonly HandlerRoute[] _anyMethod;

        public HostRoutes(IEnumerable<HandlerRoute> handlers)
        {
            var list = handlers.ToList();

            // A stable sort, so equally specific patterns keep config order.
            _withMethods = [.. list.Where(h => !h.Methods.IsAny).OrderBy(h => h.Pattern, Comparer<RoutePattern>.Create(RoutePattern.CompareSpecificity))];
            _anyMethod = [.. list.Where(h => h.Methods.IsAny).OrderBy(h => h.Pattern, Comparer<RoutePattern>.Create(RoutePattern.CompareSpecificity))];
        }

        public HandlerRoute? Match(string path, int methodBit, out PathParameters parameters)
        {
            if (methodBit != 0 && _withMethods.Length > 0)
            {
                // AILERON pairs every GET-only handler with a HEAD one that answers 404: HEAD requests
                // match GET handlers here, and the caller turns that into a 404.
                var wanted = methodBit == HeadBit ? methodBit | GetBit : methodBit;
                var found = Match(_withMethods, path, wanted, out parameters);
                if (found is not null)
                {
                    return found;
                }
            }

            return Match(_anyMethod, path, 0, out parameters);
        }

        private static HandlerRoute? Match(HandlerRoute[] handlers, string path, int wanted, out PathParameters parameters)
        {
            Span<Range> values = stackalloc Range[16];
            foreach (var handler in handlers)
            {
                if (wanted != 0 && (handler.Methods.Bits & wanted) == 0)
                {
                    continue;
                }

                var names = handler.Pattern.ParameterNames.Count;
                var slots = names <= values.Length ? values[..names] : new Range[names];
                if (handler.Pattern.TryMatch(path, slots))
                {
                    parameters = names == 0 ? PathParameters.Empty : new PathParameters(handler.Pattern, path, slots.ToArray());
                    return handler;
                }
            }

            parameters = PathParameters.Empty;
            return null;
        }
    }
}
