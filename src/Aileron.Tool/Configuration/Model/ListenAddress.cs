using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Aileron.Configuration.Model;

/// <summary>
/// A parsed HTTPServer <c>addr</c>: <c>":8080"</c> (every interface), <c>"127.0.0.1:8080"</c>,
/// <c>"[::1]:8080"</c> or <c>"localhost:8080"</c> (both loopbacks). Port 0 asks for an ephemeral port.
/// With AILERON's network prefix (<see cref="TryParseNetwork"/>) also <c>tcp4://</c>, <c>tcp6://</c>
/// and unix sockets: <c>unix:///run/gw.sock</c>, or <c>unix://@gw</c> in Linux's abstract namespace.
/// </summary>
internal sealed record ListenAddress(string Text, IPAddress? Address, bool IsLocalhost, int Port)
{
    private static readonly string[] StreamNetworks = ["tcp", "tcp4", "tcp6", "unix"];
    private static readonly string[] OtherNetworks = ["ip", "ip4", "ip6", "udp", "udp4", "udp6", "unixgram", "unixpacket"];

    public NetworkKind Network { get; init; } = NetworkKind.Tcp;

    /// <summary>The socket's path for <see cref="NetworkKind.Unix"/>; an abstract name starts with <c>@</c>.</summary>
    public string? UnixPath { get; init; }

    public bool IsUnix => Network == NetworkKind.Unix;

    public bool IsAnyInterface => Address is null && !IsLocalhost && !IsUnix;

    public bool IsLoopback => IsLocalhost || (Address is not null && IPAddress.IsLoopback(Address));

    /// <summary>True when both cannot be bound at once: the same socket path, or one TCP (or UDP) port on addresses that meet.</summary>
    public bool Overlaps(ListenAddress other)
    {
        if (IsUnix || other.IsUnix)
        {
            return IsUnix && other.IsUnix && UnixPath == other.UnixPath;
        }

        if ((Network == NetworkKind.Udp) != (other.Network == NetworkKind.Udp) || Port == 0 || Port != other.Port)
        {
            return false;
        }

        return IsWildcard || other.IsWildcard || Text == other.Text || (IsLoopback && other.IsLoopback && (IsLocalhost || other.IsLocalhost))
            || (Address is not null && Address.Equals(other.Address));
    }

    private bool IsWildcard => IsAnyInterface || IPAddress.Any.Equals(Address) || IPAddress.IPv6Any.Equals(Address);

    /// <summary>
    /// An address as AILERON's <c>listenConfig.addr</c> reads it: <c>network://address</c> for the
    /// networks tcp, tcp4, tcp6 and unix, or a bare <c>host:port</c> (TCP).
    /// </summary>
    public static bool TryParseNetwork(string text, out ListenAddress? result, out string error)
    {
        result = null;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            return TryParse(text, out result, out error);
        }

        var network = text[..separator];
        var rest = text[(separator + 3)..];
        if (Array.IndexOf(OtherNetworks, network) >= 0)
        {
            error = $"'{text}': a server listens on a stream network: {string.Join("://, ", StreamNetworks)}://";
            return false;
        }

        if (Array.IndexOf(StreamNetworks, network) < 0)
        {
            error = $"'{text}': unknown network '{network}': use tcp://, tcp4://, tcp6:// or unix://, or host:port alone";
            return false;
        }

        if (network == "unix")
        {
            return TryParseUnix(text, rest, out result, out error);
        }

        if (!TryParse(rest, out var tcp, out error))
        {
            return false;
        }

        var kind = network switch { "tcp4" => NetworkKind.Tcp4, "tcp6" => NetworkKind.Tcp6, _ => NetworkKind.Tcp };
        var family = kind == NetworkKind.Tcp4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        if (kind != NetworkKind.Tcp && tcp!.Address is { } address && address.AddressFamily != family)
        {
            error = $"'{text}': {address} is not an {(kind == NetworkKind.Tcp4 ? "IPv4" : "IPv6")} address";
            return false;
        }

        result = kind switch
        {
            NetworkKind.Tcp => tcp! with { Text = text },
            _ when tcp!.IsLocalhost => new ListenAddress(text, kind == NetworkKind.Tcp4 ? IPAddress.Loopback : IPAddress.IPv6Loopback, false, tcp.Port) { Network = kind },
            _ when tcp.Address is null => new ListenAddress(text, kind == NetworkKind.Tcp4 ? IPAddress.Any : IPAddress.IPv6Any, false, tcp.Port) { Network = kind },
            _ => tcp with { Text = text, Network = kind },
        };
        return true;
    }

    private static bool TryParseUnix(string text, string path, out ListenAddress? result, out string error)
    {
        result = null;
        if (path.Length == 0 || path == "@")
        {
            error = $"'{text}': no socket path: write unix:///run/aileron.sock, or unix://@name for an abstract socket";
            return false;
        }

        if (path.StartsWith('@') && !OperatingSystem.IsLinux())
        {
            error = $"'{text}': abstract unix sockets (@name) exist only on Linux";
            return false;
        }

        result = new ListenAddress(text, null, false, 0)
        {
            Network = NetworkKind.Unix,
            UnixPath = path.StartsWith('@') ? path : Path.GetFullPath(path),
        };
        error = string.Empty;
        return true;
    }

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
            || (address.AddressFamily == AddressFamily.InterNetworkV6 && !bracketed))
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
