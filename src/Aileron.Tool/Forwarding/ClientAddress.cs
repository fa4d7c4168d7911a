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

    /// <summary>
    /// The client's source port as digits for X-Forwarded-Port (AILERON sends the client's port, not
    /// the proxy's); false when the connection has no IP peer (a unix socket), and then no
    /// X-Forwarded-Port goes upstream at all.
    /// </summary>
    public static bool TryFormatPort(HttpContext context, Span<char> destination, out int written)
    {
        written = 0;
        return context.Connection.RemoteIpAddress is not null
            && context.Connection.RemotePort.TryFormat(destination, out written, provider: System.Globalization.CultureInfo.InvariantCulture);
    }
}
