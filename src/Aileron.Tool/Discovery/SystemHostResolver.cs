using System.Net;

namespace Aileron.Discovery;

/// <summary>
/// The operating system's resolver (<c>getaddrinfo</c>: /etc/hosts, then DNS), as the HTTP client
/// itself would look a name up. It reports no time to live, so the configured interval applies.
/// </summary>
internal sealed class SystemHostResolver : IHostResolver
{
    public static readonly SystemHostResolver Instance = new();

    public async ValueTask<HostAddresses> ResolveAsync(string host, CancellationToken cancellationToken) =>
        new(await Dns.GetHostAddressesAsync(host, cancellationToken));
}
