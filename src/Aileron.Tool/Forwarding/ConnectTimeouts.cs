using System.Collections.Frozen;

namespace Aileron.Forwarding;

/// <summary>
/// The connect timeout of each upstream <c>host:port</c> the shared HTTP client dials. Connections
/// are pooled per host and port, so an upstream has one value: the longest when several load
/// balancers list it. A config reload replaces the whole table; connects read it as they start.
/// </summary>
internal sealed class ConnectTimeouts(TimeSpan fallback)
{
    private FrozenDictionary<string, TimeSpan> _byAuthority = FrozenDictionary<string, TimeSpan>.Empty;

    public TimeSpan For(string host, int port) =>
        Volatile.Read(ref _byAuthority).GetValueOrDefault(Authority(host, port), fallback);

    /// <summary>Takes the connect timeout of each upstream URL given, replacing the previous table whole.</summary>
    public void Update(IEnumerable<(string Url, TimeSpan ConnectTimeout)> upstreams)
    {
        var timeouts = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase);
        foreach (var (url, timeout) in upstreams)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                continue;
            }

            foreach (var host in new[] { uri.IdnHost, uri.IdnHost.Trim('[', ']') })
            {
                var key = Authority(host, uri.Port);
                timeouts[key] = timeouts.TryGetValue(key, out var known) && known > timeout ? known : timeout;
            }
        }

        Volatile.Write(ref _byAuthority, timeouts.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase));
    }

    private static string Authority(string host, int port) => $"{host}:{port}";
}
