using Aileron.Configuration.Model;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aileron.Hosting;

/// <summary>
/// What a client may cost a server, from the HTTPServer's fields, fixed when its listener starts
/// (a reload that changes them logs that they need a restart): Kestrel answers an oversized
/// header block with 431, a request line over 8 KiB with 414, a malformed request with 400, headers
/// that take longer than <c>requestHeadersTimeout</c> with 408, and drops a connection that sends a
/// body or reads a response slower than <c>minDataRate</c>. Every limit is set here explicitly, so
/// a Kestrel upgrade that changes a default does not change the proxy.
/// </summary>
internal static class ServerLimits
{
    public static void Apply(KestrelServerLimits limits, HttpServerSpec spec)
    {
        // maxRequestBodySize is applied per request by ClientPolicy, so a config reload can change it.
        limits.MaxRequestBodySize = null;
        limits.MaxRequestHeadersTotalSize = spec.MaxRequestHeadersSize;
        limits.MaxRequestHeaderCount = 100;
        limits.MaxRequestLineSize = 8 * 1024;
        limits.RequestHeadersTimeout = spec.RequestHeadersTimeout;
        limits.KeepAliveTimeout = spec.KeepAliveTimeout;
        var rate = spec.MinDataRate > 0 ? new MinDataRate(spec.MinDataRate, spec.MinDataRateGracePeriod) : null;
        limits.MinRequestBodyDataRate = rate;
        limits.MinResponseDataRate = rate;
    }

    /// <summary>The fields applied here whose value differs between the running spec and a reloaded one: only a restart applies them.</summary>
    public static IEnumerable<string> ChangedFields(HttpServerSpec running, HttpServerSpec next)
    {
        (string Field, object Running, object Next)[] fields =
        [
            ("maxRequestHeadersSize", running.MaxRequestHeadersSize, next.MaxRequestHeadersSize),
            ("requestHeadersTimeout", running.RequestHeadersTimeout, next.RequestHeadersTimeout),
            ("keepAliveTimeout", running.KeepAliveTimeout, next.KeepAliveTimeout),
            ("minDataRate", running.MinDataRate, next.MinDataRate),
            ("minDataRateGracePeriod", running.MinDataRateGracePeriod, next.MinDataRateGracePeriod),
        ];
        return fields.Where(f => !f.Running.Equals(f.Next)).Select(f => f.Field);
    }
}
