using System.Net;

namespace Aileron.Configuration.Model;

/// <summary>
/// <c>dialConfig.localAddress</c>: <c>tcp://10.0.0.5:0</c> (tcp, tcp4 or tcp6; port 0 lets the system
/// choose). AILERON silently ignores an address without a network; aileron refuses it.
/// </summary>
internal static class LocalAddress
{
    public static bool TryParse(string text, out IPEndPoint? endPoint, out string error)
    {
        endPoint = null;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var network = scheme > 0 ? text[..scheme] : string.Empty;
        if (network is not ("tcp" or "tcp4" or "tcp6"))
        {
            error = $"'{text}' must name its network: tcp://10.0.0.5:0 (AILERON ignores it without one)";
            return false;
        }

        if (!IPEndPoint.TryParse(text[(scheme + 3)..], out endPoint))
        {
            error = $"'{text}' must be tcp://ip:port with an IP address (port 0 lets the system choose)";
            return false;
        }

        error = string.Empty;
        return true;
    }
}
