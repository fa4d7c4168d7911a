using System.Net;
using System.Net.Sockets;

namespace Aileron.Proxy;

/// <summary>
/// Creates the one <see cref="HttpMessageInvoker"/> every request to every upstream goes through: a
/// pooled <see cref="SocketsHttpHandler"/> with no proxy, redirects, decompression, cookies or
/// trace-header injection, whose connect step honours each upstream's <c>connectTimeout</c>.
/// </summary>
internal static class UpstreamClient
{
    /// <summary>Each connect honours the timeout <paramref name="connectTimeouts"/> gives its host and port when it starts.</summary>
    public static HttpMessageInvoker Create(ConnectTimeouts connectTimeouts)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            // A response the proxy stops reading (the client left, or the answer was refused) closes
            // its connection: draining it for reuse would trust an upstream that already misbehaved.
            MaxResponseDrainSize = 0,
            ActivityHeadersPropagator = null,
            ConnectCallback = (context, cancellationToken) => ConnectAsync(
                context.DnsEndPoint,
                connectTimeouts.For(context.DnsEndPoint.Host, context.DnsEndPoint.Port),
                cancellationToken),
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        new NetworkStream(await ConnectSocketAsync(endPoint, timeout, cancellationToken), ownsSocket: true);

    /// <summary>
    /// A connected socket with Nagle off; a connect slower than <paramref name="timeout"/> throws
    /// <see cref="TimeoutException"/> with a message that names the endpoint and the limit.
    /// </summary>
    public static async ValueTask<Socket> ConnectSocketAsync(DnsEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken)
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
