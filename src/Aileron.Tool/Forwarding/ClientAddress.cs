using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;

namespace Aileron.Forwarding;

/// <summary>
/// The client's IP address as text for X-Forwarded-For, with an IPv4 client of a dual-stack
/// listener shown as IPv4 (127.0.0.1, not ::ffff:127.0.0.1). Kestrel keeps one address object per
/// connection, so the text is made once per connection, not per request.
/// </summary>
internal static class ClientAddress
{
    private static readonly ConditionalWeakTable<IPAddress, string> MappedText = [];

    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return string.Empty;
        }

        if (!address.IsIPv4MappedToIPv6)
        {
            // IPAddress caches its own text.
            return address.ToString();
        }

        return MappedText.GetValue(address, static a => a.MapToIPv4().ToString());
    }
}
