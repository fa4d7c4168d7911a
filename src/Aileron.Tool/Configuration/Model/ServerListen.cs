using Aileron.Configuration.Diagnostics;

namespace Aileron.Configuration.Model;

/// <summary>
/// Where an HTTPServer listens, as AILERON decides it: <c>httpConfig.listenConfig.addr</c> when
/// set, else <c>spec.addr</c>, both read with a network prefix (<c>unix:///run/gw.sock</c>); with
/// <c>http3Config</c>, UDP on <c>spec.addr</c> as written (AILERON reads no prefix there).
/// </summary>
internal static class ServerListen
{
    public static bool TryParse(HttpServerSpec spec, out ListenAddress? listen, out string error)
    {
        if (spec.Http3Config is not null)
        {
            var parsed = ListenAddress.TryParse(spec.Addr, out listen, out error);
            listen = listen is null ? null : listen with { Network = NetworkKind.Udp };
            return parsed;
        }

        return ListenAddress.TryParseNetwork(Text(spec), out listen, out error);
    }

    /// <summary>The address as the config gives it, with an old <c>listenConfig.network</c> turned into its prefix.</summary>
    public static string Text(HttpServerSpec spec)
    {
        var listenConfig = spec.Http3Config is null ? spec.HttpConfig?.ListenConfig : null;
        var addr = listenConfig is { Addr.Length: > 0 } ? listenConfig.Addr : spec.Addr;
        return listenConfig is { Network.Length: > 0 } && !addr.Contains("://", StringComparison.Ordinal)
            ? $"{listenConfig.Network}://{addr}"
            : addr;
    }

    /// <summary>The YAML path of the field the address comes from.</summary>
    public static string FieldOf(HttpServerSpec spec) =>
        spec.Http3Config is null && spec.HttpConfig?.ListenConfig is { Addr.Length: > 0 } ? "spec.httpConfig.listenConfig.addr" : "spec.addr";

    /// <summary>Where that field stands.</summary>
    public static SourcePosition PositionOf(HttpServerSpec spec) =>
        spec.Http3Config is null && spec.HttpConfig?.ListenConfig is { Addr.Length: > 0 } listenConfig
            ? listenConfig.PositionOf("addr")
            : spec.PositionOf("addr");
}
