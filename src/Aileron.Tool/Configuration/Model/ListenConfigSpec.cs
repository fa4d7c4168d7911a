namespace Aileron.Configuration.Model;

/// <summary>AILERON's <c>kernel.ListenConfig</c> under <c>httpConfig.listenConfig</c>: where and how a server accepts connections.</summary>
[RefusedFields(
    "socket options are not implemented; remove it (TCP keep-alive is keepAliveConfig)",
    "sockOption")]
[RefusedFields(
    "AILERON removed the deny-list in v1.0.3 and rejects it; networks is an allow-list",
    "blacklist")]
internal sealed record ListenConfigSpec : ConfigNode
{
    public TlsConfigSpec? TlsConfig { get; init; }

    /// <summary>AILERON v1.0.0–v1.0.2's network (tcp, tcp4, tcp6, unix); read as the prefix of <see cref="Addr"/>, with a warning.</summary>
    public string Network { get; init; } = string.Empty;

    /// <summary><c>[tcp|tcp4|tcp6|unix]://</c> and an address; <c>spec.addr</c> when empty.</summary>
    public string Addr { get; init; } = string.Empty;

    /// <summary>Connections open at once; at the limit, new ones wait to be accepted. 0 or less: no limit.</summary>
    public int ConnectionLimit { get; init; }

    /// <summary>CIDR blocks clients may connect from; a connection from elsewhere is closed at accept. Empty: any.</summary>
    public IReadOnlyList<string> Networks { get; init; } = [];

    /// <summary>Milliseconds; AILERON's own HTTP server timeouts override it, so it has no effect there or here.</summary>
    public int ReadDeadline { get; init; }

    /// <summary>Milliseconds; as <see cref="ReadDeadline"/>.</summary>
    public int WriteDeadline { get; init; }

    public KeepAliveConfigSpec? KeepAliveConfig { get; init; }
}
