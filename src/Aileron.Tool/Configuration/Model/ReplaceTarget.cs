namespace Aileron.Configuration.Model;

/// <summary>
/// One <c>dialConfig.replaceTargets</c> rule, <c>(tcp|host:port) > (unix|/path.sock)</c>: a connect
/// to <see cref="FromHost"/>:<see cref="FromPort"/> goes to <see cref="To"/> instead. The host is
/// compared as the upstream URL names it (AILERON compares the dialled address the same way,
/// after resolving it once at load; aileron resolves nothing at load).
/// </summary>
/// <param name="ToNetwork"><c>tcp</c> or <c>unix</c>.</param>
/// <param name="To"><c>host:port</c> for tcp; a socket path, or <c>@name</c> for an abstract socket, for unix.</param>
internal sealed record ReplaceTarget(string FromHost, int FromPort, string ToNetwork, string To)
{
    private static readonly string[] TcpNetworks = ["tcp", "tcp4", "tcp6"];

    public static bool TryParse(string text, out ReplaceTarget? target, out string error)
    {
        target = null;
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var close = compact.IndexOf(')', StringComparison.Ordinal);
        var open = compact.LastIndexOf('(');
        if (!compact.StartsWith('(') || !compact.EndsWith(')') || close < 0 || open <= close
            || compact[(close + 1)..open].Trim('>').Length > 0
            || !TrySplit(compact[1..close], out var fromNetwork, out var from)
            || !TrySplit(compact[(open + 1)..^1], out var toNetwork, out var to))
        {
            error = $"'{text}' is not a rule: expected (tcp|host:port) > (unix|/path.sock) or (tcp|host:port) > (tcp|host:port)";
            return false;
        }

        if (!TcpNetworks.Contains(fromNetwork) || !TrySplitHostPort(from, out var host, out var port))
        {
            error = $"'{text}': the left side must be (tcp|host:port): upstreams are dialled over tcp, with a port";
            return false;
        }

        if (TcpNetworks.Contains(toNetwork))
        {
            if (!TrySplitHostPort(to, out _, out _))
            {
                error = $"'{text}': the right side (tcp|host:port) needs a port";
                return false;
            }

            toNetwork = "tcp";
        }
        else if (toNetwork != "unix")
        {
            error = $"'{text}': aileron dials upstreams over tcp or unix (stream) sockets, not {toNetwork}";
            return false;
        }

        target = new ReplaceTarget(host, port, toNetwork, to);
        error = string.Empty;
        return true;
    }

    public static bool TrySplitHostPort(string address, out string host, out int port)
    {
        var colon = address.LastIndexOf(':');
        host = colon > 0 ? address[..colon].Trim('[', ']') : string.Empty;
        return int.TryParse(address.AsSpan(colon + 1), out port) && port is > 0 and <= 65535 && host.Length > 0;
    }

    private static bool TrySplit(string side, out string network, out string address)
    {
        var bar = side.IndexOf('|', StringComparison.Ordinal);
        network = bar > 0 ? side[..bar] : string.Empty;
        address = bar > 0 ? side[(bar + 1)..] : string.Empty;
        return network.Length > 0 && address.Length > 0;
    }
}
