using Aileron.Configuration.Model;

namespace Aileron.Configuration.Validation;

/// <summary>
/// Turns AILERON's <c>httpConfig</c> settings that aileron has fields of its own for into those
/// fields, so the server, <c>validate --print</c> and a reload all read one value:
/// <c>readHeaderTimeout</c> is <c>requestHeadersTimeout</c>, <c>idleTimeout</c> is
/// <c>keepAliveTimeout</c>, <c>maxHeaderBytes</c> (plus Go's 4096 bytes of slack) is
/// <c>maxRequestHeadersSize</c>. A field AILERON's config has at 0 means AILERON's default, as its
/// config merge makes it. The validator has already refused two that disagree.
/// </summary>
internal static class ServerTransportNormalizer
{
    /// <summary>What Go's server allows when <c>maxHeaderBytes</c> is negative: <c>http.DefaultMaxHeaderBytes</c>.</summary>
    public const int GoDefaultMaxHeaderBytes = 1 << 20;

    public static HttpServerSpec Normalize(HttpServerSpec server)
    {
        if (server.HttpConfig is not { } http || server.Http3Config is not null)
        {
            return server;
        }

        return server with
        {
            RequestHeadersTimeout = http.ReadHeaderTimeout is >= 0 and var header ? HeaderTimeout(header) : server.RequestHeadersTimeout,
            KeepAliveTimeout = http.IdleTimeout is >= 0 and var idle ? IdleTimeout(idle) : server.KeepAliveTimeout,
            MaxRequestHeadersSize = http.MaxHeaderBytes is { } bytes ? HeaderBytes(bytes) : server.MaxRequestHeadersSize,
        };
    }

    public static TimeSpan HeaderTimeout(long seconds) =>
        TimeSpan.FromSeconds(seconds == 0 ? HttpConfigSpec.DefaultTimeoutSeconds : seconds);

    public static TimeSpan IdleTimeout(long seconds) =>
        TimeSpan.FromSeconds(seconds == 0 ? HttpConfigSpec.DefaultIdleTimeoutSeconds : seconds);

    public static int HeaderBytes(int bytes) => bytes switch
    {
        0 => HttpConfigSpec.DefaultMaxHeaderBytes + HttpConfigSpec.GoHeaderSlack,
        < 0 => GoDefaultMaxHeaderBytes + HttpConfigSpec.GoHeaderSlack,
        _ => (int)Math.Min((long)bytes + HttpConfigSpec.GoHeaderSlack, int.MaxValue),
    };

    /// <summary>
    /// AILERON's <c>readTimeout</c> or <c>writeTimeout</c> in force: null when not written or negative
    /// (none), AILERON's 30 seconds for 0.
    /// </summary>
    public static TimeSpan? RequestTimeout(long? seconds) => seconds switch
    {
        null or < 0 => null,
        0 => TimeSpan.FromSeconds(HttpConfigSpec.DefaultTimeoutSeconds),
        _ => TimeSpan.FromSeconds(seconds.Value),
    };
}
