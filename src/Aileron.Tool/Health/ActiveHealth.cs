namespace Aileron.Health;

/// <summary>What the active checks say of an upstream.</summary>
internal enum ActiveHealth
{
    /// <summary>Active checks are not enabled for this upstream.</summary>
    Off,

    /// <summary>Not yet settled by probes; counts as healthy, so a fresh proxy serves at once.</summary>
    Unknown,

    Healthy,

    Unhealthy,
}
