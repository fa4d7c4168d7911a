using System.Globalization;
using System.Net;

namespace Aileron.Configuration.Model;

/// <summary>
/// An entry of <c>trustedProxies</c>: one address (<c>10.1.2.3</c>, <c>::1</c>) or a CIDR block
/// (<c>10.0.0.0/8</c>, <c>fd00::/8</c>).
/// </summary>
internal static class NetworkBlock
{
    public static bool TryParse(string text, out IPNetwork network, out string error)
    {
        network = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out var address) || !IsWrittenInFull(addressText, address))
        {
            error = $"'{text}' is not an IP address or CIDR block (e.g. 10.0.0.0/8, 192.168.1.10, fd00::/8)";
            return false;
        }

        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0
            && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            error = $"'{text}': the prefix length after '/' must be a number from 0 to {bits}";
            return false;
        }

        var block = Mask(address, prefix);
        if (!block.Equals(address))
        {
            error = $"'{text}' has bits set after its /{prefix} prefix; did you mean '{block}/{prefix}'?";
            return false;
        }

        network = new IPNetwork(address, prefix);
        error = string.Empty;
        return true;
    }

    /// <summary>IPAddress also reads "10" and "10.1" (as 0.0.0.10, 10.0.0.1): a config must spell out all four parts.</summary>
    private static bool IsWrittenInFull(string text, IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? text.Contains(':', StringComparison.Ordinal)
            : text.Count(c => c == '.') == 3;

    /// <summary>The address with every bit after the prefix cleared: the block it belongs to.</summary>
    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }
}
