namespace Aileron.Balancing;

/// <summary>
/// What sets the algorithms apart, stated once for the validator, the router and the simulator:
/// which hash a request key, and the table sizes the hash algorithms default to and allow.
/// </summary>
internal static class LbAlgorithms
{
    /// <summary>Maglev's lookup table: a prime, Envoy's default.</summary>
    public const int DefaultMaglevTableSize = 65537;

    /// <summary>RingHash's minimum number of ring points (Envoy's default is 1024; AILERON's table size 65536).</summary>
    public const int DefaultRingSize = 65536;

    /// <summary>The most ring points a RingHash ring may have: Envoy's limit.</summary>
    public const int MaxRingSize = 8 * 1024 * 1024;

    /// <summary>True for the algorithms that pick by a request key: RingHash, Maglev, DirectHash.</summary>
    public static bool IsHash(LbAlgorithm algorithm) =>
        algorithm is LbAlgorithm.RingHash or LbAlgorithm.Maglev or LbAlgorithm.DirectHash;

    /// <summary>The table size a hash algorithm uses when the config sets none; 0 for the others.</summary>
    public static int DefaultTableSize(LbAlgorithm algorithm) => algorithm switch
    {
        LbAlgorithm.Maglev => DefaultMaglevTableSize,
        LbAlgorithm.RingHash => DefaultRingSize,
        _ => 0,
    };
}
