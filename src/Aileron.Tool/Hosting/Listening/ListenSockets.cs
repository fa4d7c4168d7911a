using System.Net;
using System.Net.Sockets;
using Aileron.Configuration.Model;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Aileron.Hosting.Listening;

/// <summary>
/// Creates a server's listening sockets as AILERON's listener would: <c>tcp6://</c> on every
/// interface is IPv6 only (Kestrel's own socket for <c>[::]</c> takes IPv4 too), and
/// <c>listenConfig.keepAliveConfig</c> sets TCP keep-alive on the listening socket, which Linux
/// hands down to every connection it accepts. A unix socket file left behind by a process that
/// was killed (nothing accepts on it) is removed before binding, as HAProxy does; one that a live
/// process listens on is not, and binding fails as "address already in use".
/// </summary>
internal static class ListenSockets
{
    public static Func<EndPoint, Socket> Factory(NetworkKind network, KeepAliveConfigSpec? keepAlive) => endpoint =>
    {
        Socket socket;
        if (network == NetworkKind.Tcp6 && endpoint is IPEndPoint ip && ip.Address.Equals(IPAddress.IPv6Any))
        {
            socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = false };
            socket.Bind(ip);
        }
        else
        {
            if (endpoint is UnixDomainSocketEndPoint unix)
            {
                RemoveStale(unix);
            }

            socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
        }

        if (keepAlive is not null && endpoint is IPEndPoint)
        {
            ApplyKeepAlive(socket, keepAlive);
        }

        return socket;
    };

    private static void RemoveStale(UnixDomainSocketEndPoint endpoint)
    {
        var path = endpoint.ToString();
        if (string.IsNullOrEmpty(path) || path[0] is '\0' or '@' || !File.Exists(path))
        {
            return;
        }

        using (var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(endpoint);
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // Nothing accepts on it: a socket file from a process that is gone, or not a socket at all.
            }
        }

        try
        {
            // A socket cannot be opened as a file; a regular file can, and is never removed.
            File.OpenHandle(path).Dispose();
        }
        catch (IOException)
        {
            File.Delete(path);
        }
    }

    /// <summary>Go's defaults where the config says 0: 15 s idle, 15 s between probes, 9 probes.</summary>
    private static void ApplyKeepAlive(Socket socket, KeepAliveConfigSpec keepAlive)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, !keepAlive.Disable);
        if (keepAlive.Disable)
        {
            return;
        }

        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, keepAlive.Idle > 0 ? keepAlive.Idle : 15);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, keepAlive.Interval > 0 ? keepAlive.Interval : 15);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, keepAlive.Count > 0 ? keepAlive.Count : 9);
    }
}
