namespace Aileron.Forwarding;

/// <summary>
/// Headers that belong to one hop and never cross the proxy, in either direction, on either
/// forwarding path (RFC 9110 7.6.1); besides these, the ones a Connection header lists
/// (<see cref="ConnectionOptions"/>).
/// </summary>
internal static class HopByHopHeaders
{
    /// <summary>YARP's list of hop-by-hop and proxy headers, so both forwarding paths agree.</summary>
    public static readonly string[] Names =
    [
        "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Proxy-Connection", "Proxy-Authenticate",
        "Proxy-Authentication-Info", "Proxy-Authorization", "Proxy-Features", "Proxy-Instruction", "Security-Scheme",
        "ALPN", "Close", "HTTP2-Settings", "Upgrade-Insecure-Requests", "TE", "Alt-Svc",
    ];

    /// <summary>
    /// A request header never forwarded: a CGI upstream would take it for its HTTP_PROXY setting
    /// and send its own outbound requests through the client's choice of proxy (httpoxy).
    /// </summary>
    public const string Proxy = "Proxy";
}
