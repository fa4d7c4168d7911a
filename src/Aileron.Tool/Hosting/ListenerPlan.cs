using Aileron.Configuration.Model;

namespace Aileron.Hosting;

/// <summary>
/// How a reloaded config's HTTPServers map onto the listeners running: a server whose address is
/// already bound keeps that listener (its socket, its connections, its port even when the config
/// asked for port 0) and gets the new routes; a new address is bound; an address no longer in the
/// config is drained and closed. Servers are matched by address, not by name, since the socket is
/// what must not drop a connection.
/// </summary>
internal sealed record ListenerPlan(
    IReadOnlyList<(ProxyServer Server, ServerConfig Next)> Kept,
    IReadOnlyList<ServerConfig> Added,
    IReadOnlyList<ProxyServer> Removed)
{
    public static ListenerPlan Create(IReadOnlyList<ProxyServer> running, IReadOnlyList<ServerConfig> next)
    {
        var unmatched = running.ToList();
        var kept = new List<(ProxyServer, ServerConfig)>();
        var added = new List<ServerConfig>();
        foreach (var server in next)
        {
            var at = unmatched.FindIndex(s => SameAddress(s.Config.Listen, server.Listen));
            if (at < 0)
            {
                added.Add(server);
                continue;
            }

            kept.Add((unmatched[at], server));
            unmatched.RemoveAt(at);
        }

        return new ListenerPlan(kept, added, unmatched);
    }

    /// <summary>
    /// The same socket: ":8080" and "0.0.0.0:8080" are not (one is both stacks), "127.0.0.1:8080" and
    /// "127.0.0.1:08080" are; a unix socket by its path; TCP and UDP (HTTP/3) on one port are not.
    /// </summary>
    public static bool SameAddress(ListenAddress a, ListenAddress b) =>
        a.Port == b.Port && a.IsLocalhost == b.IsLocalhost && Equals(a.Address, b.Address)
        && a.Network == b.Network && a.UnixPath == b.UnixPath;
}
