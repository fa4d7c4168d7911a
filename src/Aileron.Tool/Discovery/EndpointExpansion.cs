using System.Net;
using System.Net.Sockets;
using Aileron.Configuration.Model;

namespace Aileron.Discovery;

/// <summary>
/// The config that serves: the declared one with every <c>resolve: true</c> upstream replaced by one
/// endpoint per address its name resolved to, each with the upstream's weight, health settings and
/// base path and the address for a host. Endpoints come in address order, so every proxy with the
/// same answer builds the same tables. An upstream whose name has not resolved (yet, or ever) stays
/// as declared: its name is then looked up at connect time, as any upstream's is.
/// </summary>
internal static class EndpointExpansion
{
    /// <param name="resolved">The addresses of each name, by host name in lower case.</param>
    public static ProxyConfig Expand(ProxyConfig declared, IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> resolved)
    {
        if (resolved.Count == 0 || !declared.LoadBalancers.Any(lb => lb.Spec.Upstreams.Any(u => u.Resolve)))
        {
            return declared;
        }

        var balancers = declared.LoadBalancers.ToDictionary(
            lb => lb.Name,
            lb => lb with { Spec = lb.Spec with { Upstreams = [.. lb.Spec.Upstreams.SelectMany(u => Endpoints(u, resolved))] } });
        var servers = declared.Servers.Select(server => server with
        {
            VirtualHosts = [.. server.VirtualHosts.Select(host => host with
            {
                Handlers = [.. host.Handlers.Select(handler => handler with { LoadBalancers = [.. handler.LoadBalancers.Select(lb => balancers[lb.Name])] })],
            })],
        });
        return new ProxyConfig(declared.Files, declared.Resources, [.. servers]);
    }

    /// <summary>
    /// The config with its names looked up once, now: what <c>aileron upstreams</c> shows of a
    /// config that <c>serve</c> would expand. A name that does not resolve stays as declared.
    /// </summary>
    public static async Task<ProxyConfig> ResolveOnceAsync(ProxyConfig declared, IHostResolver resolver, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, IReadOnlyList<IPAddress>>(StringComparer.Ordinal);
        foreach (var name in Names(declared).Keys)
        {
            try
            {
                resolved[name] = (await resolver.ResolveAsync(name, cancellationToken)).Addresses;
            }
            catch (Exception e) when (e is System.Net.Sockets.SocketException or ArgumentException)
            {
                // Shown as declared; serve would keep looking it up.
            }
        }

        return Expand(declared, resolved);
    }

    /// <summary>The host names of the upstreams to resolve, with the shortest interval any of them asks for.</summary>
    public static IReadOnlyDictionary<string, TimeSpan> Names(ProxyConfig declared)
    {
        var names = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var upstream in declared.LoadBalancers.SelectMany(lb => lb.Spec.Upstreams).Where(u => u.Resolve))
        {
            if (HostOf(upstream.Url) is { } host)
            {
                names[host] = names.TryGetValue(host, out var interval) && interval < upstream.ResolveInterval ? interval : upstream.ResolveInterval;
            }
        }

        return names;
    }

    /// <summary>The host name of a URL, in lower case; null for an address literal, which there is nothing to resolve of.</summary>
    public static string? HostOf(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.HostNameType == UriHostNameType.Dns ? uri.IdnHost.ToLowerInvariant() : null;

    private static IEnumerable<UpstreamSpec> Endpoints(UpstreamSpec upstream, IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> resolved)
    {
        if (!upstream.Resolve || HostOf(upstream.Url) is not { } host || !resolved.TryGetValue(host, out var addresses) || addresses.Count == 0)
        {
            return [upstream];
        }

        var uri = new Uri(upstream.Url, UriKind.Absolute);
        return addresses.Distinct().OrderBy(a => a.AddressFamily).ThenBy(a => a.ToString(), StringComparer.Ordinal)
            .Select(address => upstream with { Url = EndpointUrl(upstream.Url, uri, address), ResolvedFrom = upstream.Url, Resolve = false });
    }

    /// <summary>The upstream's URL with the address for its host: scheme, port, base path and all else as written.</summary>
    private static string EndpointUrl(string url, Uri uri, IPAddress address)
    {
        var authorityStart = url.IndexOf("://", StringComparison.Ordinal) + 3;
        var pathStart = url.IndexOf('/', authorityStart);
        var rest = pathStart < 0 ? string.Empty : url[pathStart..];
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        var port = uri.IsDefaultPort ? string.Empty : $":{uri.Port}";
        return $"{uri.Scheme}://{host}{port}{rest}";
    }
}
