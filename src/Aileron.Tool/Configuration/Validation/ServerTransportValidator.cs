using System.Net.Quic;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;

namespace Aileron.Configuration.Validation;

/// <summary>
/// Checks an HTTPServer's transport: its listen address, AILERON's <c>httpConfig</c>,
/// <c>listenConfig</c>, <c>http2Config</c> and <c>http3Config</c>, and where they meet aileron's own
/// fields. What would change security or transport and cannot be honoured is an error; a field
/// that only tunes and has no effect here is a warning that says so.
/// </summary>
internal static class ServerTransportValidator
{
    /// <summary>One line, for validate and serve alike, when this machine cannot serve HTTP/3.</summary>
    public const string NoQuic =
        "HTTP/3 needs libmsquic, which this machine does not have: install it (apt-get install libmsquic, from packages.microsoft.com) or remove http3Config";

    private static readonly string[] Networks = ["tcp", "tcp4", "tcp6", "unix"];
    private static readonly string[] IgnoredWithHttp3 = ["httpConfig", "http2Config"];
    private static readonly string[] Deadlines = ["readDeadline", "writeDeadline"];

    public static void Validate(HttpServerSpec server, DiagnosticBag d)
    {
        if (server.Http3Config is { } http3)
        {
            ValidateHttp3(server, http3, d);
        }
        else
        {
            ValidateListenAddress(server, d);
        }

        if (server.HttpConfig is { } http)
        {
            ValidateHttpConfig(server, http, d);
        }

        if (server.Http2Config is { } http2)
        {
            ValidateHttp2Config(server, http2, d);
        }
    }

    private static void ValidateListenAddress(HttpServerSpec server, DiagnosticBag d)
    {
        var listenConfig = server.HttpConfig?.ListenConfig;
        if (listenConfig is { Network.Length: > 0 } old && !ValidateOldNetwork(old, d))
        {
            return;
        }

        if (!ServerListen.TryParse(server, out var listen, out var error))
        {
            d.Error(ServerListen.PositionOf(server), $"{ServerListen.FieldOf(server)}: {error}");
        }
        else if (listen!.IsUnix && listenConfig is { Networks.Count: > 0 })
        {
            d.Error(
                listenConfig.PositionOf("networks"),
                $"{listenConfig.Path}.networks: a unix socket's clients have no IP address, so every connection would be refused (as AILERON does); remove networks or listen on TCP");
        }
    }

    /// <summary>AILERON's old <c>network</c> field, read as addr's prefix with a warning; false when it cannot be.</summary>
    private static bool ValidateOldNetwork(ListenConfigSpec listenConfig, DiagnosticBag d)
    {
        var at = listenConfig.PositionOf("network");
        if (Array.IndexOf(Networks, listenConfig.Network) < 0)
        {
            d.Error(at, $"{listenConfig.Path}.network: '{listenConfig.Network}' is not tcp, tcp4, tcp6 or unix");
            return false;
        }

        if (listenConfig.Addr.Contains("://", StringComparison.Ordinal))
        {
            d.Error(at, $"{listenConfig.Path}.network: addr '{listenConfig.Addr}' already names its network; remove network");
            return false;
        }

        d.Warning(
            at,
            $"{listenConfig.Path}.network: AILERON removed this field in v1.0.3 and now rejects it; aileron reads it as addr's prefix: write addr: \"{listenConfig.Network}://{listenConfig.Addr}\"");
        return true;
    }

    private static void ValidateHttp3(HttpServerSpec server, Http3ConfigSpec http3, DiagnosticBag d)
    {
        if (!QuicListener.IsSupported)
        {
            d.Error(server.PositionOf("http3Config"), $"spec.http3Config: {NoQuic}");
        }

        if (!ListenAddress.TryParse(server.Addr, out _, out var error))
        {
            d.Error(server.PositionOf("addr"), $"spec.addr: {error} (with http3Config, addr is a UDP host:port without a network prefix)");
        }

        if (http3.TlsConfig is { } tls)
        {
            ListenerTlsValidator.Validate(tls, http2: false, d);
        }
        else
        {
            d.Error(server.PositionOf("http3Config"), "spec.http3Config: HTTP/3 runs over TLS only: add tlsConfig with certKeyPairs");
        }

        if (http3.MaxHeaderBytes < 0)
        {
            d.Error(http3.PositionOf("maxHeaderBytes"), $"{http3.Path}.maxHeaderBytes: must be 0 (the default) or a number of bytes");
        }

        foreach (var field in IgnoredWithHttp3.Where(server.IsSet))
        {
            d.Warning(
                server.PositionOf(field),
                $"spec.{field}: ignored: with http3Config this server serves HTTP/3 only, as in AILERON; declare another HTTPServer for HTTP/1.1 and HTTP/2 over TCP");
        }
    }

    private static void ValidateHttpConfig(HttpServerSpec server, HttpConfigSpec http, DiagnosticBag d)
    {
        foreach (var (field, value) in new[] { ("readHeaderTimeout", http.ReadHeaderTimeout), ("idleTimeout", http.IdleTimeout) })
        {
            if (value < 0)
            {
                d.Error(
                    http.PositionOf(field),
                    $"{http.Path}.{field}: {value} (no timeout) is not supported: aileron always bounds it; write a number of seconds (0 keeps AILERON's default)");
            }
        }

        ValidatePrecedence(server, http, d);
        if (http.AllowHTTP2 && server.Http2Config is not null)
        {
            d.Warning(http.PositionOf("allowHTTP2"), $"{http.Path}.allowHTTP2: has no effect: http2Config is set (as in AILERON)");
        }

        if (http.ListenConfig is { } listen && server.Http3Config is null)
        {
            ValidateListenConfig(server, listen, d);
        }
    }

    /// <summary>AILERON's field and aileron's for one setting: either may be written; both only when they agree.</summary>
    private static void ValidatePrecedence(HttpServerSpec server, HttpConfigSpec http, DiagnosticBag d)
    {
        if (http.ReadHeaderTimeout is >= 0 and var header && server.IsSet("requestHeadersTimeout")
            && ServerTransportNormalizer.HeaderTimeout(header) != server.RequestHeadersTimeout)
        {
            Conflict(http, "readHeaderTimeout", $"{ServerTransportNormalizer.HeaderTimeout(header).TotalSeconds:0.###}s", "requestHeadersTimeout", DurationParser.Format(server.RequestHeadersTimeout), d);
        }

        if (http.IdleTimeout is >= 0 and var idle && server.IsSet("keepAliveTimeout")
            && ServerTransportNormalizer.IdleTimeout(idle) != server.KeepAliveTimeout)
        {
            Conflict(http, "idleTimeout", $"{ServerTransportNormalizer.IdleTimeout(idle).TotalSeconds:0.###}s", "keepAliveTimeout", DurationParser.Format(server.KeepAliveTimeout), d);
        }

        if (http.MaxHeaderBytes is { } bytes && server.IsSet("maxRequestHeadersSize")
            && ServerTransportNormalizer.HeaderBytes(bytes) != server.MaxRequestHeadersSize)
        {
            Conflict(
                http, "maxHeaderBytes", $"{ServerTransportNormalizer.HeaderBytes(bytes)} bytes (with Go's {HttpConfigSpec.GoHeaderSlack} bytes of slack)",
                "maxRequestHeadersSize", $"{server.MaxRequestHeadersSize} bytes", d);
        }
    }

    private static void Conflict(HttpConfigSpec http, string field, string means, string ours, string oursValue, DiagnosticBag d) =>
        d.Error(
            http.PositionOf(field),
            $"{http.Path}.{field}: means {means}, but spec.{ours} says {oursValue}: they are one setting; write one of them (or the same value in both)");

    private static void ValidateListenConfig(HttpServerSpec server, ListenConfigSpec listen, DiagnosticBag d)
    {
        if (listen.TlsConfig is { } tls)
        {
            ListenerTlsValidator.Validate(tls, Http2OverTls(server), d);
        }

        for (var i = 0; i < listen.Networks.Count; i++)
        {
            if (!NetworkBlock.TryParse(listen.Networks[i], out _, out var error))
            {
                d.Error(listen.PositionOf($"networks[{i}]"), $"{listen.Path}.networks[{i}]: {error}");
            }
        }

        foreach (var field in Deadlines.Where(listen.IsSet))
        {
            d.Warning(
                listen.PositionOf(field),
                $"{listen.Path}.{field}: has no effect: AILERON's HTTP server replaces it with its own timeouts, and so does aileron (httpConfig.readHeaderTimeout, requestHeadersTimeout)");
        }

        if (listen.KeepAliveConfig is { } keepAlive)
        {
            foreach (var (field, value) in new[] { ("idle", keepAlive.Idle), ("interval", keepAlive.Interval), ("count", keepAlive.Count) })
            {
                if (value < 0)
                {
                    d.Error(keepAlive.PositionOf(field), $"{keepAlive.Path}.{field}: must be 0 (the default) or more");
                }
            }
        }
    }

    private static void ValidateHttp2Config(HttpServerSpec server, Http2ConfigSpec http2, DiagnosticBag d)
    {
        if (server.Http3Config is not null)
        {
            return;
        }

        Range(http2, "maxConcurrentStreams", http2.MaxConcurrentStreams, 1, int.MaxValue, d, error: true);
        Range(http2, "maxDecoderHeaderTableSize", http2.MaxDecoderHeaderTableSize, 1, int.MaxValue, d, error: true);
        Range(http2, "maxReadFrameSize", http2.MaxReadFrameSize, 16 * 1024, (16 * 1024 * 1024) - 1, d, error: false);
        Range(http2, "maxUploadBufferPerConnection", http2.MaxUploadBufferPerConnection, 65535, int.MaxValue, d, error: false);
        Range(http2, "maxUploadBufferPerStream", http2.MaxUploadBufferPerStream, 65535, int.MaxValue, d, error: false);
        Ignored(http2, "maxEncoderHeaderTableSize", http2.MaxEncoderHeaderTableSize != 0, "Kestrel sizes its encoder's table by what the client allows", d);
        Ignored(http2, "idleTimeout", http2.IdleTimeout != 0, "aileron has one idle timeout for HTTP/1.1 and HTTP/2: httpConfig.idleTimeout (or keepAliveTimeout)", d);
        Ignored(http2, "altSvc", http2.AltSvc.Length > 0, "AILERON declares it but never reads it; httpConfig.altSvc sets the header", d);
        if (http2.EnableH2C && server.HttpConfig?.ListenConfig?.TlsConfig is not null)
        {
            Ignored(http2, "enableH2C", true, "the listener is TLS, where HTTP/2 is chosen by ALPN", d);
        }
    }

    private static void Range(Http2ConfigSpec http2, string field, long value, long min, long max, DiagnosticBag d, bool error)
    {
        if (value == 0 || (value >= min && value <= max))
        {
            return;
        }

        var at = http2.PositionOf(field);
        if (error)
        {
            d.Error(at, $"{http2.Path}.{field}: {value} is out of range: use {min} to {max}, or 0 for the default");
        }
        else
        {
            d.Warning(at, $"{http2.Path}.{field}: {value} is outside {min} to {max}: the default applies, as in AILERON");
        }
    }

    private static void Ignored(ConfigNode node, string field, bool set, string why, DiagnosticBag d)
    {
        if (set)
        {
            d.Warning(node.PositionOf(field), $"{node.Path}.{field}: has no effect: {why}");
        }
    }

    /// <summary>HTTP/2 over TLS: <c>http2Config</c> present, or <c>httpConfig.allowHTTP2</c>.</summary>
    public static bool Http2OverTls(HttpServerSpec server) => server.Http2Config is not null || server.HttpConfig?.AllowHTTP2 == true;
}
