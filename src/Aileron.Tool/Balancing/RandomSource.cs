namespace Aileron.Balancing;

/// <summary>
/// A lock-free, thread-safe random source (SplitMix64). Seeded, it steps one atomic counter, so
/// the same seed gives the same sequence when picks are made one at a time, as in <c>simulate</c>
/// and tests. Unseeded, for serving, every thread steps its own state: cores picking at once never
/// contend for one cache line.
/// </summary>
internal sealed class RandomSource
{
    private const ulong Gamma = 0x9E3779B97F4A7C15;

    [ThreadStatic]
    private static ulong _threadState;

    private readonly bool _perThread;
    private ulong _state;

    public RandomSource(ulong seed) => _state = seed;

    private RandomSource() => _perThread = true;

    /// <summary>A source seeded from the OS per thread, for serving.</summary>
    public static RandomSource CreateUnseeded() => new();

    public ulong NextUInt64() => _perThread ? NextOnThisThread() : Mix(Interlocked.Add(ref _state, Gamma));

    /// <summary>A second, independent-looking value from one already drawn, without touching any state.</summary>
    public static ulong Remix(ulong value) => Mix(value + Gamma);

    /// <summary>Uniform in [0, bound) without modulo bias worth measuring (Lemire's multiply-shift).</summary>
    public uint Next(uint bound) => (uint)((NextUInt64() >> 32) * bound >> 32);

    private static ulong NextOnThisThread()
    {
        var state = _threadState;
        if (state == 0)
        {
            state = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        }

        state += Gamma;
        _threadState = state;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
