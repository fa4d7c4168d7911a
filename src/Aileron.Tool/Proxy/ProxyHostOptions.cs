using Aileron.Balancing;
using Aileron.Configuration;

namespace Aileron.Proxy;

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

    /// <summary>Randomness for Random and key-less hash picks; seed it for repeatable tests.</summary>
    public RandomSource? Random { get; init; }
}
