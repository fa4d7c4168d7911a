namespace Aileron.Configuration;

[NotSupportedFields(
    "errorHandler", "httpConfig", "http2Config", "http3Config", "middleware",
    "profile", "expvar", "enableProfile", "enableExpvar")]
internal sealed record HttpServerSpec : ConfigNode
{
    public const string DefaultAddr = ":8080";

    /// <summary><c>":8080"</c> (every interface), <c>"127.0.0.1:8080"</c>, <c>"[::1]:8080"</c>.</summary>
    public string Addr { get; init; } = DefaultAddr;

    /// <summary>Seconds that in-flight requests get to finish on shutdown (AILERON's field; default 30).</summary>
    public int ShutdownTimeout { get; init; } = 30;

    public IReadOnlyList<VirtualHostSpec> VirtualHosts { get; init; } = [];
}
