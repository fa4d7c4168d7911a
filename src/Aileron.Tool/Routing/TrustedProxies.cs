using System.Net;
using Aileron.Configuration.Model;
using Aileron.Forwarding;
using Microsoft.AspNetCore.Http;

namespace Aileron.Routing;

/// <summary>
/// The client address a request is hashed by when a load balancer's <c>hashSource</c> is
/// <c>ClientAddr</c>. The connection's peer, unless that peer is one of the server's
/// <c>trustedProxies</c>: then <c>X-Forwarded-For</c> is read from the right (the entry the trusted
/// proxy appended last), skipping further trusted proxies, and the first address that is not one
/// is the client (nginx's <c>real_ip_recursive</c>). Entries a client wrote itself, to the left of
/// that address, are never believed.
/// </summary>
internal sealed class TrustedProxies
{
    private readonly IPNetwork[] _networks;

    private TrustedProxies(IPNetwork[] networks) => _networks = networks;

    /// <summary>No proxy is trusted: the peer is always the client.</summary>
    public static TrustedProxies None { get; } = new([]);

    /// <summary>Parses a validated <c>trustedProxies</c> list; entries that do not parse were reported by validation and are skipped.</summary>
    public static TrustedProxies From(IReadOnlyList<string> entries)
    {
        if (entries.Count == 0)
        {
            return None;
        }

        var networks = new List<IPNetwork>(entries.Count);
        foreach (var entry in entries)
        {
            if (NetworkBlock.TryParse(entry, out var network, out _))
            {
                networks.Add(network);
            }
        }

        return new TrustedProxies([.. networks]);
    }

    public bool IsTrusted(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The address to hash as the client's: the peer's, or the one trusted proxies vouch for.</summary>
    public IPAddress? ClientOf(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (_networks.Length == 0 || peer is null || !IsTrusted(peer))
        {
            return peer;
        }

        var forwarded = context.Request.Headers[ForwardedHeaders.For];
        var client = peer;
        for (var v = forwarded.Count - 1; v >= 0; v--)
        {
            var value = forwarded[v].AsSpan();
            while (value.Length > 0)
            {
                var comma = value.LastIndexOf(',');
                var entry = value[(comma + 1)..].Trim();
                value = comma < 0 ? [] : value[..comma];
                if (entry.IsEmpty)
                {
                    continue;
                }

                if (!IPAddress.TryParse(entry, out var address))
                {
                    // Not an address: nothing left of it can be vouched for; the last trusted hop stands in.
                    return client;
                }

                if (!IsTrusted(address))
                {
                    return address;
                }

                client = address;
            }
        }

        return client;
    }
}
