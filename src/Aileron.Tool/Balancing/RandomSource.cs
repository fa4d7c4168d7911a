namespace Aileron.Balancing;

/// <summary>
/// A lock-free, thread-safe, seedable random source (SplitMix64 over an atomic counter): the same
/// seed gives the same sequence when picks are made one at a time, as in <c>simulate</c> and tests.
/// </summary>
internal sealed class RandomSource(ulong seed)
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;
    private ulong _state = seed;

    /// <summary>A source seeded from the OS, for serving.</summary>
    public static RandomSource CreateUnseeded() => new((ulong)Random.Shared.NextInt64() ^ (ulong)Environment.TickCount64);

    public ulong NextUInt64() => Mix(Interlocked.Add(ref _state, Gamma));

    /// <summary>A second, independent-looking value from one already drawn, without touching the shared state.</summary>
    public static ulong Remix(ulong value) => Mix(value + Gamma);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) without modulo bias worth measuring (Lemire's multiply-shift).</summary>
    public uint Next(uint bound) => (uint)((NextUInt64() >> 32) * bound >> 32);
}
