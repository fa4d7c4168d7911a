namespace Aileron.Configuration.Model;

[NotSupportedFields("errorHandler", "profile", "expvar", "enableProfile", "enableExpvar")]
internal sealed record HttpServerSpec : ConfigNode
{
    public const string DefaultAddr = ":8080";

    /// <summary>Kestrel's default: large enough for big cookies and tokens, small enough to bound memory per connection.</summary>
    public const int DefaultMaxRequestHeadersSize = 32 * 1024;

    /// <summary>The smallest header limit accepted: below it ordinary browser requests would be refused.</summary>
    public const int MinMaxRequestHeadersSize = 1024;

    /// <summary>Kestrel's default minimum rate: a client this slow is stalling, not on a bad link.</summary>
    public const int DefaultMinDataRate = 240;

    public static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultKeepAliveTimeout = TimeSpan.FromSeconds(130);
    public static readonly TimeSpan DefaultMinDataRateGracePeriod = TimeSpan.FromSeconds(5);

    /// <summary><c>":8080"</c> (every interface), <c>"127.0.0.1:8080"</c>, <c>"[::1]:8080"</c>.</summary>
    public string Addr { get; init; } = DefaultAddr;

    /// <summary>Seconds that in-flight requests get to finish on shutdown (AILERON's field; default 30).</summary>
    public int ShutdownTimeout { get; init; } = 30;

    /// <summary>AILERON's HTTP/1.1 (and HTTP/2) server settings: timeouts, header limit, keep-alive, the listener and its TLS.</summary>
    public HttpConfigSpec? HttpConfig { get; init; }

    /// <summary>Present: HTTP/2 is served (over TLS by ALPN; in cleartext with <c>enableH2C</c>).</summary>
    public Http2ConfigSpec? Http2Config { get; init; }

    /// <summary>Present: the server serves HTTP/3 over QUIC only, on <see cref="Addr"/>.</summary>
    public Http3ConfigSpec? Http3Config { get; init; }

    public IReadOnlyList<VirtualHostSpec> VirtualHosts { get; init; } = [];

    /// <summary>AILERON's server-wide middleware; aileron runs none, so any reference is refused.</summary>
    public IReadOnlyList<ResourceReference> Middleware { get; init; } = [];

    /// <summary>
    /// aileron: the largest request body in bytes, answered 413 beyond it; 0 (the default) means no
    /// limit, since the proxy streams bodies and the upstream knows best what it accepts.
    /// </summary>
    [AileronExtension]
    public long MaxRequestBodySize { get; init; }

    /// <summary>aileron: the largest total size in bytes of a request's header lines; beyond it 431.</summary>
    [AileronExtension]
    public int MaxRequestHeadersSize { get; init; } = DefaultMaxRequestHeadersSize;

    /// <summary>aileron: the longest a client may take to send a request's headers (slowloris); then 408 and the connection is closed.</summary>
    [AileronExtension]
    public TimeSpan RequestHeadersTimeout { get; init; } = DefaultRequestHeadersTimeout;

    /// <summary>aileron: how long an idle client connection is kept open between requests.</summary>
    [AileronExtension]
    public TimeSpan KeepAliveTimeout { get; init; } = DefaultKeepAliveTimeout;

    /// <summary>
    /// aileron: bytes per second a client must at least send a request body at, and read a response
    /// at, once <see cref="MinDataRateGracePeriod"/> has passed; a slower one is disconnected. 0: off.
    /// </summary>
    [AileronExtension]
    public int MinDataRate { get; init; } = DefaultMinDataRate;

    /// <summary>aileron: how long a transfer may run below <see cref="MinDataRate"/> before the rate is enforced.</summary>
    [AileronExtension]
    public TimeSpan MinDataRateGracePeriod { get; init; } = DefaultMinDataRateGracePeriod;

    /// <summary>
    /// aileron: addresses (<c>10.1.2.3</c>) and CIDR blocks (<c>10.0.0.0/8</c>) of proxies in front of
    /// this server whose <c>X-Forwarded-For</c> is believed when hashing the client address. Empty (the
    /// default): the header is never believed, since any client can write it.
    /// </summary>
    [AileronExtension]
    public IReadOnlyList<string> TrustedProxies { get; init; } = [];
}
