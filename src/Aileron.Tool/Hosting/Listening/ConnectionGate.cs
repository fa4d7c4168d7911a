using System.Net;

namespace Aileron.Hosting.Listening;

/// <summary>
/// Who may connect to one server, and how many at once, checked as connections are accepted:
/// AILERON's <c>listenConfig.networks</c> (an allow-list of client address blocks; a connection
/// from elsewhere is closed before a byte is read, and a unix socket's clients, which have no
/// address, are all refused) and <c>listenConfig.connectionLimit</c> (at the limit, accepting
/// waits until a connection closes, as AILERON, nginx and HAProxy do: clients wait in the kernel's
/// backlog instead of being dropped). A reload may change the allow-list; the limit is fixed at start.
/// </summary>
internal sealed class ConnectionGate(int limit)
{
    private IPNetwork[] _networks = [];
    private long _refused;

    /// <summary>Connections open at once; 0: no limit.</summary>
    public int Limit { get; } = Math.Max(limit, 0);

    /// <summary>A semaphore of <see cref="Limit"/> slots; null when there is no limit.</summary>
    public SemaphoreSlim? Slots { get; } = limit > 0 ? new SemaphoreSlim(limit, limit) : null;

    /// <summary>Connections refused by the allow-list so far.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public void Allow(IEnumerable<IPNetwork> networks) => Volatile.Write(ref _networks, [.. networks]);

    /// <summary>True when a client at <paramref name="remote"/> may connect.</summary>
    public bool Admits(EndPoint? remote)
    {
        var networks = Volatile.Read(ref _networks);
        if (networks.Length == 0)
        {
            return true;
        }

        if (remote is IPEndPoint { Address: var address })
        {
            var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            foreach (var network in networks)
            {
                if (network.Contains(plain))
                {
                    return true;
                }
            }
        }

        Interlocked.Increment(ref _refused);
        return false;
    }
}
