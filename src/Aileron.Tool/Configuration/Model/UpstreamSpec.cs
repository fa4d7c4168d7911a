namespace Aileron.Configuration.Model;

[NotSupportedFields("checkInterval", "networkType", "protocol", "address", "circuitBreaker")]
internal sealed record UpstreamSpec : ConfigNode
{
    public const int MaxWeight = 65535;

    public const int DefaultHealthyThreshold = 2;
    public const int DefaultUnhealthyThreshold = 2;
    public const int DefaultConsecutiveFailures = 5;
    public static readonly TimeSpan DefaultHealthCheckTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultBaseEjectionTime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultMaxEjectionTime = TimeSpan.FromMinutes(5);

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

    /// <summary>Consecutive passing probes that bring an unhealthy upstream back (Envoy's healthy_threshold, HAProxy's rise).</summary>
    [AileronExtension]
    public int HealthyThreshold { get; init; } = DefaultHealthyThreshold;

    /// <summary>Consecutive failing probes that take an upstream out (Envoy's unhealthy_threshold, HAProxy's fall).</summary>
    [AileronExtension]
    public int UnhealthyThreshold { get; init; } = DefaultUnhealthyThreshold;

    /// <summary>How long one active probe may take before it counts as failed.</summary>
    [AileronExtension]
    public TimeSpan HealthCheckTimeout { get; init; } = DefaultHealthCheckTimeout;

    /// <summary>Consecutive transport failures or 5xx answers that eject the upstream (Envoy's consecutive_5xx).</summary>
    [AileronExtension]
    public int ConsecutiveFailures { get; init; } = DefaultConsecutiveFailures;

    /// <summary>The first ejection's cool-down; each repeat doubles it (Envoy's base_ejection_time).</summary>
    [AileronExtension]
    public TimeSpan BaseEjectionTime { get; init; } = DefaultBaseEjectionTime;

    /// <summary>The longest cool-down a repeat ejection may reach (Envoy's max_ejection_time).</summary>
    [AileronExtension]
    public TimeSpan MaxEjectionTime { get; init; } = DefaultMaxEjectionTime;

    public bool IsDisabled => Weight < 0;
}
