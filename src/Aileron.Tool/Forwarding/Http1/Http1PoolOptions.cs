namespace Aileron.Forwarding.Http1;

/// <summary>An HTTPClient's settings that aileron's HTTP/1.1 client honours; <see cref="Default"/> when none is named.</summary>
/// <param name="IdleTimeout">How long an idle connection is kept (<c>idleConnTimeout</c>).</param>
/// <param name="MaxIdle">Idle connections kept per upstream at most (<c>maxIdleConnsPerHost</c>).</param>
/// <param name="KeepAlive">False: every request says <c>Connection: close</c> and gets a connection of its own (<c>disableKeepAlives</c>).</param>
internal sealed record Http1PoolOptions(TimeSpan IdleTimeout, int MaxIdle, bool KeepAlive, UpstreamDialer Dialer)
{
    /// <summary>AILERON's default maxIdleConnsPerHost.</summary>
    public const int DefaultMaxIdle = 1024;

    public static readonly Http1PoolOptions Default = new(Http1Pool.IdleTimeout, DefaultMaxIdle, KeepAlive: true, UpstreamDialer.Direct);
}
