using System.Net;

namespace Aileron.Discovery;

/// <summary>What a name resolved to, and for how long the answer may be trusted when the resolver says.</summary>
internal sealed record HostAddresses(IReadOnlyList<IPAddress> Addresses, TimeSpan? TimeToLive = null);
