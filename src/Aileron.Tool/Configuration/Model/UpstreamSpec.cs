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
    public static readonly TimeSpan DefaultResolveInterval = TimeSpan.FromSeconds(30);

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

    /// <summary>
    /// aileron: look the URL's host name up on an interval and balance over one endpoint per address
    /// it has (a Kubernetes headless Service, a DNS round robin), as Envoy's STRICT_DNS and nginx's
    /// <c>resolve</c> do. Each endpoint gets this upstream's weight and health settings.
    /// </summary>
    [AileronExtension]
    public bool Resolve { get; init; }

    /// <summary>aileron: how often a <see cref="Resolve"/> upstream's name is looked up again (sooner when the answer's TTL says so).</summary>
    [AileronExtension]
    public TimeSpan ResolveInterval { get; init; } = DefaultResolveInterval;

    /// <summary>The URL of the configured upstream this endpoint was resolved from; null for a configured upstream.</summary>
    [YamlIgnore]
    public string? ResolvedFrom { get; init; }

    public bool IsDisabled => Weight < 0;
}
