namespace Aileron.Configuration.Model;

/// <summary>The network of a listen address: AILERON's <c>tcp://</c>, <c>tcp4://</c>, <c>tcp6://</c>, <c>unix://</c> prefixes, and UDP for HTTP/3.</summary>
internal enum NetworkKind
{
    /// <summary>TCP over IPv6 and IPv4 (no prefix, or <c>tcp://</c>).</summary>
    Tcp,

    /// <summary>TCP over IPv4 only.</summary>
    Tcp4,

    /// <summary>TCP over IPv6 only.</summary>
    Tcp6,

    /// <summary>A unix domain socket: a path, or a Linux abstract name (<c>@name</c>).</summary>
    Unix,

    /// <summary>QUIC (HTTP/3) over UDP.</summary>
    Udp,
}
