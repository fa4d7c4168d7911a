namespace Aileron.Health;

/// <summary>What passive (outlier) detection says of an upstream.</summary>
internal enum PassiveHealth
{
    /// <summary>Passive checks are not enabled for this upstream.</summary>
    Off,

    Ok,

    /// <summary>Out of rotation until its cool-down ends.</summary>
    Ejected,
}
