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

    /// <summary>
    /// Bounded load (<see cref="BoundedLoad"/>): no upstream takes more than this factor times its
    /// weighted share of the requests in flight; 0 (the default) leaves plain consistent hashing.
    /// </summary>
    public double HashBalanceFactor { get; init; }
}
