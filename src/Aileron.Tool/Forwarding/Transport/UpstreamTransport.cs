using Aileron.Forwarding.Http1;
using Aileron.Forwarding.Yarp;

namespace Aileron.Forwarding.Transport;

/// <summary>
/// What one HTTPClient runs on: its own <see cref="HttpMessageInvoker"/> (TLS, HTTP/2, pool and dial
/// settings), the request shaping its settings ask for, and, when its settings allow, its own
/// HTTP/1.1 client for plain bodiless requests to http:// upstreams. Built when a config loads or
/// reloads; disposed with the configuration that made it, after its last request.
/// </summary>
internal sealed class UpstreamTransport : IDisposable
{
    public UpstreamTransport(UpstreamTransportOptions options, ConnectTimeouts connectTimeouts, TimeProvider time, TimeSpan longestConnect, bool http1)
    {
        Options = options;
        Invoker = UpstreamClient.Create(connectTimeouts, options, longestConnect);
        Transformer = new ProxyTransformer(options.ServerName, options.DisableKeepAlives);
        Http1 = http1 && options.Http1Capable
            ? new Http1Forwarder(connectTimeouts, time, new Http1PoolOptions(
                options.IdleTimeout ?? Http1Pool.IdleTimeout,
                options.MaxIdlePerHost > 0 ? options.MaxIdlePerHost : Http1PoolOptions.DefaultMaxIdle,
                !options.DisableKeepAlives,
                options.Dialer))
            : null;
    }

    public UpstreamTransportOptions Options { get; }

    public HttpMessageInvoker Invoker { get; }

    public ProxyTransformer Transformer { get; }

    /// <summary>This client's HTTP/1.1 forwarder; null when its settings need YARP for every request.</summary>
    public Http1Forwarder? Http1 { get; }

    public void Dispose()
    {
        Invoker.Dispose();
        Http1?.Dispose();
    }
}
