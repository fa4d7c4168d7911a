using System.Collections.Frozen;
using Aileron.Routing;

namespace Aileron.Proxy;

/// <summary>
/// The connect timeout of each upstream <c>host:port</c> the shared HTTP client dials. Connections
/// are pooled per host and port, so an upstream has one value: the longest when several load
/// balancers list it. A config reload replaces the whole table; connects read it as they start.
/// </summary>
internal sealed class ConnectTimeouts(TimeSpan fallback)
{
    private FrozenDictionary<string, TimeSpan> _byAuthority = FrozenDictionary<string, TimeSpan>.Empty;

    /// <summary>For an upstream no load balancer lists (there is none while routing is consistent).</summary>
    public TimeSpan Fallback => fallback;

    public TimeSpan For(string host, int port) =>
        Volatile.Read(ref _byAuthority).GetValueOrDefault(Authority(host, port), fallback);

    /// <summary>Takes the timeouts of these load balancers' upstreams, replacing the previous table whole.</summary>
    public void Update(IEnumerable<LoadBalancerRoute> loadBalancers)
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
                    var key = Authority(host, uri.Port);
                    timeouts[key] = timeouts.TryGetValue(key, out var known) && known > lb.Spec.ConnectTimeout ? known : lb.Spec.ConnectTimeout;
                }
            }
        }

        Volatile.Write(ref _byAuthority, timeouts.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    private static string Authority(string host, int port) => $"{host}:{port}";
}
