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

    /// <summary>
    /// AILERON's <c>http2Config</c> as Kestrel's HTTP/2 limits; 0 (or a value AILERON would not
    /// take) keeps the default, which for the stream count is AILERON's (x/net's) 250.
    /// </summary>
    public static void Apply(Http2Limits limits, Http2ConfigSpec? http2)
    {
        if (http2 is null)
        {
            return;
        }

        limits.MaxStreamsPerConnection = http2.MaxConcurrentStreams is > 0 and <= int.MaxValue
            ? (int)http2.MaxConcurrentStreams
            : Http2ConfigSpec.DefaultMaxConcurrentStreams;
        if (http2.MaxDecoderHeaderTableSize is > 0 and <= int.MaxValue)
        {
            limits.HeaderTableSize = (int)http2.MaxDecoderHeaderTableSize;
        }

        if (http2.MaxReadFrameSize is >= 16 * 1024 and < 16 * 1024 * 1024)
        {
            limits.MaxFrameSize = (int)http2.MaxReadFrameSize;
        }

        if (http2.MaxUploadBufferPerConnection is >= 65535 and <= int.MaxValue)
        {
            limits.InitialConnectionWindowSize = (int)http2.MaxUploadBufferPerConnection;
        }

        if (http2.MaxUploadBufferPerStream is >= 65535 and <= int.MaxValue)
        {
            limits.InitialStreamWindowSize = (int)http2.MaxUploadBufferPerStream;
        }
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
            ("http2Config limits", Http2Text(running.Http2Config), Http2Text(next.Http2Config)),
            ("httpConfig.listenConfig.connectionLimit", running.HttpConfig?.ListenConfig?.ConnectionLimit ?? 0, next.HttpConfig?.ListenConfig?.ConnectionLimit ?? 0),
            ("httpConfig.listenConfig.keepAliveConfig", KeepAliveText(running), KeepAliveText(next)),
        ];
        return fields.Where(f => !f.Running.Equals(f.Next)).Select(f => f.Field);
    }

    private static string Http2Text(Http2ConfigSpec? h) =>
        h is null ? "none" : $"{h.MaxConcurrentStreams} {h.MaxDecoderHeaderTableSize} {h.MaxReadFrameSize} {h.MaxUploadBufferPerConnection} {h.MaxUploadBufferPerStream}";

    private static string KeepAliveText(HttpServerSpec spec) =>
        spec.HttpConfig?.ListenConfig?.KeepAliveConfig is { } k ? $"{k.Disable} {k.Idle} {k.Interval} {k.Count}" : "none";
}
