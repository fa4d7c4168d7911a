using System.Net;
using System.Net.Sockets;

namespace Aileron.Forwarding;

/// <summary>How both forwarding paths open a connection to an upstream: TCP, or a unix socket that <c>replaceTargets</c> named.</summary>
internal static class UpstreamSockets
{
    /// <summary>
    /// A connected socket (TCP with Nagle off); a connect slower than <paramref name="timeout"/> throws
    /// <see cref="TimeoutException"/> with a message that names the endpoint and the limit.
    /// </summary>
    public static async ValueTask<Socket> ConnectAsync(
        EndPoint endPoint, TimeSpan timeout, IPEndPoint? localAddress, CancellationToken cancellationToken)
    {
        var socket = Create(endPoint, localAddress);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endPoint, deadline.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connecting to {Describe(endPoint)} took longer than {timeout.TotalSeconds:0.###}s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static ValueTask<Socket> ConnectAsync(DnsEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        ConnectAsync(endPoint, timeout, null, cancellationToken);

    /// <summary><c>host:port</c>, or <c>unix:/path</c>.</summary>
    public static string Describe(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        UnixDomainSocketEndPoint unix => $"unix:{unix.ToString().Replace('\0', '@')}",
        _ => endPoint.ToString() ?? "?",
    };

    private static Socket Create(EndPoint endPoint, IPEndPoint? localAddress)
    {
        if (endPoint is UnixDomainSocketEndPoint)
        {
            return new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }

        var socket = localAddress is null
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(localAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        if (localAddress is not null)
        {
            try
            {
                socket.Bind(localAddress);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        return socket;
    }
}
