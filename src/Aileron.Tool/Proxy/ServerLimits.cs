using Aileron.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aileron.Proxy;

/// <summary>
/// What a client may cost a server, from the HTTPServer's fields: Kestrel answers an oversized
/// header block with 431, a request line over 8 KiB with 414, a malformed request with 400, headers
/// that take longer than <c>requestHeadersTimeout</c> with 408, and drops a connection that sends a
/// body or reads a response slower than <c>minDataRate</c>. Every limit is set here explicitly, so
/// a Kestrel upgrade that changes a default does not change the proxy.
/// </summary>
internal static class ServerLimits
{
    public static void Apply(KestrelServerLimits limits, HttpServerSpec spec)
    {
        // The proxy itself answers 413 from the Content-Length; Kestrel enforces the same limit on
        // chunked bodies as they stream.
        limits.MaxRequestBodySize = spec.MaxRequestBodySize > 0 ? spec.MaxRequestBodySize : null;
        limits.MaxRequestHeadersTotalSize = spec.MaxRequestHeadersSize;
        limits.MaxRequestHeaderCount = 100;
        limits.MaxRequestLineSize = 8 * 1024;
        limits.RequestHeadersTimeout = spec.RequestHeadersTimeout;
        limits.KeepAliveTimeout = spec.KeepAliveTimeout;
        var rate = spec.MinDataRate > 0 ? new MinDataRate(spec.MinDataRate, spec.MinDataRateGracePeriod) : null;
        limits.MinRequestBodyDataRate = rate;
        limits.MinResponseDataRate = rate;
    }
}
