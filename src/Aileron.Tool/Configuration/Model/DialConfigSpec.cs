namespace Aileron.Configuration.Model;

/// <summary>AILERON's <c>kernel.DialConfig</c>: how upstream connections are opened. Durations in milliseconds.</summary>
[NotSupportedFields("fallbackDelay")]
[RefusedFields("socket options are not implemented by aileron; remove sockOption", "sockOption")]
[RefusedFields("removed from AILERON in v1.0.3; write the network into localAddress (tcp://10.0.0.5:0)", "localNetwork")]
internal sealed record DialConfigSpec : ConfigNode
{
    /// <summary>TLS for the connections this dialer opens (AILERON uses it instead of the transport's tlsConfig).</summary>
    public ClientTlsConfigSpec? TlsConfig { get; init; }

    /// <summary>The local address to bind before connecting: <c>tcp://10.0.0.5:0</c>.</summary>
    public string LocalAddress { get; init; } = string.Empty;

    /// <summary>Dial-target overrides: <c>(tcp|localhost:8080) > (unix|/run/app.sock)</c>.</summary>
    public IReadOnlyList<string> ReplaceTargets { get; init; } = [];

    /// <summary>The longest a connect may take, in milliseconds; 0: the load balancer's connectTimeout.</summary>
    public int Timeout { get; init; }
}
