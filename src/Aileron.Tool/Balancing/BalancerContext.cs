using Aileron.Configuration;

namespace Aileron.Balancing;

/// <summary>What an algorithm needs besides the upstreams to build a snapshot.</summary>
/// <param name="Random">Randomness for Random, PowerOfTwoChoices and key-less hash requests; seed it for repeatable runs.</param>
/// <param name="HashTableSize">Maglev table size or RingHash minimum ring size (already defaulted by the config loader).</param>
internal sealed record BalancerContext(RandomSource Random, int HashTableSize)
{
    /// <summary>
    /// The weights of every enabled upstream as configured, healthy or not: RingHash sizes its ring
    /// from them, so an upstream going down or coming back does not rescale the ring (which would
    /// move keys between the upstreams that stayed). Empty: size from the upstreams being built.
    /// </summary>
    public IReadOnlyList<int> ConfiguredWeights { get; init; } = [];

    public static BalancerContext For(LoadBalancerSpec spec, RandomSource random) =>
        new(random, spec.HashTableSize != 0 ? spec.HashTableSize : ConfigNormalizer.Normalize(spec).HashTableSize)
        {
            ConfiguredWeights = [.. spec.Upstreams.Where(u => !u.IsDisabled).Select(u => u.Weight == 0 ? 1 : u.Weight)],
        };
}
