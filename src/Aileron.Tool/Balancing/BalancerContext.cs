using Aileron.Configuration;

namespace Aileron.Balancing;

/// <summary>What an algorithm needs besides the upstreams to build a snapshot.</summary>
/// <param name="Random">Randomness for Random, PowerOfTwoChoices and key-less hash requests; seed it for repeatable runs.</param>
/// <param name="HashTableSize">Maglev table size or RingHash minimum ring size (already defaulted by the config loader).</param>
internal sealed record BalancerContext(RandomSource Random, int HashTableSize)
{
    public static BalancerContext For(LoadBalancerSpec spec, RandomSource random) =>
        new(random, spec.HashTableSize != 0 ? spec.HashTableSize : ConfigNormalizer.Normalize(spec).HashTableSize);
}
