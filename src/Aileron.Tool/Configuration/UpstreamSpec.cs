namespace Aileron.Configuration;

[NotSupportedFields("checkInterval", "networkType", "protocol", "address", "circuitBreaker")]
internal sealed record UpstreamSpec : ConfigNode
{
    public const int MaxWeight = 65535;

    /// <summary>http:// or https:// base URL, possibly with a base path.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>Default 1; 0 means 1; -1 disables the upstream.</summary>
    public int Weight { get; init; } = 1;

    public bool EnableActive { get; init; }

    public bool EnablePassive { get; init; }

    /// <summary>Seconds to wait after start before the first active check.</summary>
    public int InitialDelay { get; init; }

    /// <summary>Seconds between active checks (default 1).</summary>
    public int HealthCheckInterval { get; init; } = 1;

    /// <summary>http(s) URL to GET, or tcp://host:port to connect; the upstream URL when empty.</summary>
    public string HealthCheckAddr { get; init; } = string.Empty;

    public bool IsDisabled => Weight < 0;
}
