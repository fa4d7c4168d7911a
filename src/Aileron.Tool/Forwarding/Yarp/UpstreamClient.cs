using System.Net;
using System.Net.Sockets;

namespace Aileron.Forwarding.Yarp;

/// <summary>
/// Creates the one <see cref="HttpMessageInvoker"/> every request to every upstream goes through: a
/// pooled <see cref="SocketsHttpHandler"/> with no proxy, redirects, decompression, cookies or
/// trace-header injection, whose connect step honours each upstream's <c>connectTimeout</c>, and
/// which sends each piece of a request body as it arrives (<see cref="StreamingRequestHandler"/>).
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
        return new HttpMessageInvoker(new StreamingRequestHandler(handler), disposeHandler: true);
    }

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken) =>
        new NetworkStream(await UpstreamSockets.ConnectAsync(endPoint, timeout, cancellationToken), ownsSocket: true);
}
