namespace Aileron.Forwarding;

/// <summary>The de-facto standard headers a proxy tells its upstream about the client with (AILERON and nginx set the same).</summary>
internal static class ForwardedHeaders
{
    /// <summary>The client's address, appended to any the request came with.</summary>
    public const string For = "X-Forwarded-For";

    /// <summary>The scheme the client used: <c>http</c> or <c>https</c>.</summary>
    public const string Proto = "X-Forwarded-Proto";

    /// <summary>The Host the client asked for.</summary>
    public const string Host = "X-Forwarded-Host";

    /// <summary>The client's own (source) port, as AILERON sets it; replaces any the request came with.</summary>
    public const string Port = "X-Forwarded-Port";
}
