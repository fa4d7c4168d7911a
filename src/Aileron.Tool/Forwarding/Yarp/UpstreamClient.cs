using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Aileron.Forwarding.Yarp;

/// <summary>
/// Creates the <see cref="HttpMessageInvoker"/>s requests go to upstreams through: one shared by the
/// load balancers that name no HTTPClient, and one per HTTPClient. Each is a pooled
/// <see cref="SocketsHttpHandler"/> with no proxy, redirects, decompression, cookies or trace-header
/// injection, whose connect step honours each upstream's <c>connectTimeout</c> (or the HTTPClient's
/// dialer; QUIC, which does not go through it, by the handler's connect timeout), which an
/// HTTPClient's TLS, pool, HTTP/2 and HTTP/3 settings tune, and which sends each piece of a
/// request body as it arrives (<see cref="StreamingRequestHandler"/>).
/// </summary>
internal static class UpstreamClient
{
    /// <summary>The HTTP/2 PING timeout when readIdleTimeout is set without pingTimeout (x/net's default).</summary>
    public static readonly TimeSpan DefaultPingTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Each connect honours the timeout <paramref name="connectTimeouts"/> gives its host and port when it starts.</summary>
    public static HttpMessageInvoker Create(ConnectTimeouts connectTimeouts) =>
        new(new StreamingRequestHandler(CreateHandler(connectTimeouts, UpstreamDialer.Direct)), disposeHandler: true);

    /// <summary>The invoker of one HTTPClient; <paramref name="longestConnect"/> is the longest connect timeout of its load balancers.</summary>
    public static HttpMessageInvoker Create(ConnectTimeouts connectTimeouts, UpstreamTransportOptions options, TimeSpan longestConnect)
    {
        var handler = Handler(connectTimeouts, options, longestConnect);
        HttpMessageHandler outer = options.ResponseHeaderTimeout is { } headers ? new ResponseHeaderTimeoutHandler(handler, headers) : handler;
        return new HttpMessageInvoker(new StreamingRequestHandler(outer), disposeHandler: true);
    }

    /// <summary>The pooled handler of one HTTPClient, tuned by its settings (what <see cref="Create(ConnectTimeouts, UpstreamTransportOptions, TimeSpan)"/> wraps).</summary>
    public static SocketsHttpHandler Handler(ConnectTimeouts connectTimeouts, UpstreamTransportOptions options, TimeSpan longestConnect)
    {
        var handler = CreateHandler(connectTimeouts, options.Dialer);
        if (options.Tls is { } tls)
        {
            handler.SslOptions = tls;
        }

        if (options.InsecureSkipVerify)
        {
            AcceptAnyCertificate(handler.SslOptions);
        }

        if (options.TlsHandshakeTimeout is { } handshake)
        {
            // The handler bounds connect and handshake together; the connect has its own bound.
            handler.ConnectTimeout = (options.Dialer.Timeout ?? longestConnect) + handshake;
        }

        handler.PooledConnectionIdleTimeout = options.IdleTimeout ?? handler.PooledConnectionIdleTimeout;
        handler.Expect100ContinueTimeout = options.ExpectContinueTimeout ?? handler.Expect100ContinueTimeout;
        if (options.MaxConnectionsPerHost > 0)
        {
            handler.MaxConnectionsPerServer = options.MaxConnectionsPerHost;
        }

        if (options.MaxResponseHeaderBytes > 0)
        {
            handler.MaxResponseHeadersLength = (int)Math.Min(int.MaxValue, (options.MaxResponseHeaderBytes + 1023) / 1024);
        }

        if (options.PingDelay is { } ping)
        {
            handler.KeepAlivePingDelay = ping;
            handler.KeepAlivePingTimeout = options.PingTimeout ?? DefaultPingTimeout;
            handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        }

        if (options.Http3Only)
        {
            // QUIC does not go through ConnectCallback, so the per-upstream connect timeout cannot
            // bound it there: the handler's own bounds QUIC's connect and handshake together, at the
            // longest of the client's load balancers so none is cut short.
            handler.ConnectTimeout = longestConnect;
            // As with HTTP/2: an upstream's stream limit opens another connection instead of queueing.
            handler.EnableMultipleHttp3Connections = true;
        }

        return handler;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Security", "CA5359", Justification = "insecureSkipVerify: the config asks for it in so many words; warned about at load and at start")]
    private static void AcceptAnyCertificate(SslClientAuthenticationOptions tls) =>
        tls.RemoteCertificateValidationCallback = static (_, _, _, _) => true;

    private static SocketsHttpHandler CreateHandler(ConnectTimeouts connectTimeouts, UpstreamDialer dialer) => new()
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
        SslOptions = new SslClientAuthenticationOptions(),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var endPoint = context.DnsEndPoint;
            var socket = await dialer.ConnectAsync(endPoint, connectTimeouts.For(endPoint.Host, endPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };
}
