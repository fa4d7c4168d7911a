namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>spec.httpConfig</c> (Go's <c>http.Server</c> settings), in AILERON's units: seconds
/// and bytes. A field left out is null and aileron's own default applies; a field written is
/// honoured with AILERON's meaning (0 keeps AILERON's default, as its config merge does; a negative
/// timeout means none where aileron allows none).
/// </summary>
internal sealed record HttpConfigSpec : ConfigNode
{
    /// <summary>AILERON's default for the four timeouts it defaults to 30 seconds.</summary>
    public const long DefaultTimeoutSeconds = 30;

    /// <summary>AILERON's default idle timeout.</summary>
    public const long DefaultIdleTimeoutSeconds = 10;

    /// <summary>AILERON's default header limit (Go adds 4096 bytes of slack to it).</summary>
    public const int DefaultMaxHeaderBytes = 8192;

    /// <summary>The slack Go's server allows beyond <see cref="MaxHeaderBytes"/>.</summary>
    public const int GoHeaderSlack = 4096;

    /// <summary>True: <c>OPTIONS *</c> is answered 200 by the server, as Go's general options handler does.</summary>
    public bool EnableGeneralOptionsHandler { get; init; }

    /// <summary>Seconds from a request's start until its body has been read whole.</summary>
    public long? ReadTimeout { get; init; }

    /// <summary>Seconds a client has to send a request's headers; aileron's <c>requestHeadersTimeout</c>.</summary>
    public long? ReadHeaderTimeout { get; init; }

    /// <summary>Seconds from a request's start until its response has been written whole.</summary>
    public long? WriteTimeout { get; init; }

    /// <summary>Seconds an idle connection is kept open; aileron's <c>keepAliveTimeout</c>.</summary>
    public long? IdleTimeout { get; init; }

    /// <summary>Bytes of request line and headers (plus Go's 4096 bytes of slack); aileron's <c>maxRequestHeadersSize</c>.</summary>
    public int? MaxHeaderBytes { get; init; }

    /// <summary>Every connection is closed after its first response (HTTP/2: after its streams end).</summary>
    public bool DisableKeepAlive { get; init; }

    public ListenConfigSpec? ListenConfig { get; init; }

    /// <summary>Added as an <c>Alt-Svc</c> header to every response.</summary>
    public string AltSvc { get; init; } = string.Empty;

    /// <summary>HTTP/2 over TLS without an <c>http2Config</c>.</summary>
    public bool AllowHTTP2 { get; init; }
}
