using System.Net;
using System.Net.Sockets;

namespace Aileron.Forwarding;

/// <summary>How both forwarding paths open a TCP connection to an upstream.</summary>
internal static class UpstreamSockets
{
    /// <summary>
    /// A connected socket with Nagle off; a connect slower than <paramref name="timeout"/> throws
    /// <see cref="TimeoutException"/> with a message that names the endpoint and the limit.
    /// </summary>
    public static async ValueTask<Socket> ConnectAsync(DnsEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
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
            throw new TimeoutException($"connecting to {endPoint.Host}:{endPoint.Port} took longer than {timeout.TotalSeconds:0.###}s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
