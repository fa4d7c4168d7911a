using System.Net;

namespace Aileron.Forwarding;

/// <summary>
/// How one HTTPClient opens connections: its <c>dialConfig</c> (a connect timeout of its own, a local
/// address to bind, and <c>replaceTargets</c>, which send the connect for an upstream's host and
/// port elsewhere, such as to a unix socket). Rules apply in order, each to the target the previous
/// ones left, as AILERON chains them.
/// </summary>
internal sealed class UpstreamDialer(IReadOnlyList<UpstreamDialer.Rule> rules, IPEndPoint? localAddress, TimeSpan? timeout)
{
    /// <summary>Plain connects to the upstream's own host and port, with the load balancer's connect timeout.</summary>
    public static readonly UpstreamDialer Direct = new([], null, null);

    /// <summary>The connect timeout of this dialer; null: the load balancer's connectTimeout.</summary>
    public TimeSpan? Timeout => timeout;

    /// <summary>The endpoint a connect to <paramref name="target"/> goes to.</summary>
    public EndPoint Resolve(DnsEndPoint target)
    {
        EndPoint current = target;
        foreach (var rule in rules)
        {
            if (current is DnsEndPoint dns && dns.Port == rule.FromPort && dns.Host.Equals(rule.FromHost, StringComparison.OrdinalIgnoreCase))
            {
                current = rule.To;
            }
        }

        return current;
    }

    /// <summary>Connects to where <paramref name="target"/> is sent, within this dialer's timeout or <paramref name="fallback"/>.</summary>
    public ValueTask<System.Net.Sockets.Socket> ConnectAsync(DnsEndPoint target, TimeSpan fallback, CancellationToken cancellationToken) =>
        UpstreamSockets.ConnectAsync(Resolve(target), timeout ?? fallback, localAddress, cancellationToken);

    /// <param name="To">A <see cref="DnsEndPoint"/> (tcp) or a <see cref="System.Net.Sockets.UnixDomainSocketEndPoint"/>.</param>
    internal sealed record Rule(string FromHost, int FromPort, EndPoint To);
}
