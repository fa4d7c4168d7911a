using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Discovery;
using Aileron.Health;
using Aileron.Observability;

namespace Aileron.Hosting;

/// <summary>How a <see cref="ProxyHost"/> logs and whom it tells about forwarding outcomes.</summary>
internal sealed record ProxyHostOptions
{
    public ProxyLog Log { get; init; } = ProxyLog.None;

    /// <summary>Writes one info line per request (method, path, status, upstream, duration).</summary>
    public bool AccessLog { get; init; }

    /// <summary>Also told every forwarding outcome, after the health coordinators; for tests and embedding.</summary>
    public IUpstreamFeedback Feedback { get; init; } = NoFeedback.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where the admin listener (upstreams, metrics, healthz, readyz) binds; null for none (the default).</summary>
    public ListenAddress? Admin { get; init; }

    /// <summary>
    /// False sends every request through YARP's forwarder and HttpClient; true (the default) lets
    /// bodiless HTTP/1.x requests to <c>http://</c> upstreams take aileron's own HTTP/1.1 client.
    /// </summary>
    public bool Http1Client { get; init; } = true;

    /// <summary>Looks up the names of <c>resolve: true</c> upstreams; the system's resolver unless a test scripts one.</summary>
    public IHostResolver Resolver { get; init; } = SystemHostResolver.Instance;

    /// <summary>
    /// How TLS listeners watch their certificate files; null polls them every few seconds. <c>serve</c>
    /// passes the config watcher, which also hears file events.
    /// </summary>
    public FileWatch? Watch { get; init; }

    /// <summary>Randomness for Random and key-less hash picks; seed it for repeatable tests.</summary>
    public RandomSource? Random { get; init; }
}
