using System.Globalization;
using System.Net;

namespace Aileron.Configuration.Model;

/// <summary>
/// A parsed HTTPServer <c>addr</c>: <c>":8080"</c> (every interface), <c>"127.0.0.1:8080"</c>,
/// <c>"[::1]:8080"</c> or <c>"localhost:8080"</c> (both loopbacks). Port 0 asks for an ephemeral port.
/// </summary>
internal sealed record ListenAddress(string Text, IPAddress? Address, bool IsLocalhost, int Port)
{
    public bool IsAnyInterface => Address is null && !IsLocalhost;

    public bool IsLoopback => IsLocalhost || (Address is not null && IPAddress.IsLoopback(Address));

    public static bool TryParse(string text, out ListenAddress? result, out string error)
    {
        result = null;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"'{text}' is not host:port; write it as \":8080\", \"127.0.0.1:8080\" or \"[::1]:8080\"";
            return false;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"port '{portText}' in '{text}' is not a number from 0 to 65535";
            return false;
        }

        if (host.Length == 0)
        {
            result = new ListenAddress(text, null, false, port);
            error = string.Empty;
            return true;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            result = new ListenAddress(text, null, true, port);
            error = string.Empty;
            return true;
        }

        var bracketed = host.StartsWith('[') && host.EndsWith(']');
        var literal = bracketed ? host[1..^1] : host;
        if (!IPAddress.TryParse(literal, out var address)
            || (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && !bracketed))
        {
            error = $"host '{host}' in '{text}' is not an IP address or localhost (IPv6 goes in brackets: \"[::1]:8080\")";
            return false;
        }

        result = new ListenAddress(text, address, false, port);
        error = string.Empty;
        return true;
    }

    public override string ToString() => Text;
}
