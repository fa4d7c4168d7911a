namespace Aileron.Balancing;

/// <summary>
/// Draws an upstream in proportion to its weight in O(1) from one 64-bit random number (Vose's
/// alias method): the upper 32 bits choose a column, the lower 32 bits toss its biased coin. Built
/// with integer arithmetic only, so the same weights give the same table on every machine. Used by
/// Random, PowerOfTwoChoices and LeastRequests, and by the hash algorithms for requests without a key.
/// </summary>
internal sealed class WeightedRandom
{
    private const ulong CoinScale = 1UL << 32;

    private readonly Column[] _columns;

    public WeightedRandom(IReadOnlyList<Upstream> active)
    {
        ArgumentOutOfRangeException.ThrowIfZero(active.Count);
        Upstreams = [.. active];
        _columns = BuildColumns(Upstreams);
    }

    /// <summary>The upstreams drawn from, in the order their indexes refer to.</summary>
    public Upstream[] Upstreams { get; }

    /// <summary>The index in <see cref="Upstreams"/> that <paramref name="random"/> selects.</summary>
    public int PickIndex(ulong random)
    {
        var column = (int)(((random >> 32) * (ulong)_columns.Length) >> 32);
        ref readonly var c = ref _columns[column];
        return (uint)random < c.Threshold ? column : c.Alias;
    }

    public Upstream Pick(ulong random) => Upstreams[PickIndex(random)];

    private static Column[] BuildColumns(Upstream[] upstreams)
    {
        var n = upstreams.Length;
        long total = upstreams.Sum(u => (long)u.Weight);

        // Column i holds weight·n in units where a full column is `total`.
        var work = upstreams.Select(u => u.Weight * (long)n).ToArray();
        var columns = new Column[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = n - 1; i >= 0; i--)
        {
            (work[i] < total ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            columns[s] = new Column(Threshold(work[s], total), l);
            work[l] -= total - work[s];
            (work[l] < total ? small : large).Push(l);
        }

        // Whatever is left is full (up to rounding): it always keeps its own upstream.
        foreach (var i in small.Concat(large))
        {
            columns[i] = new Column(CoinScale, i);
        }

        return columns;
    }

    private static ulong Threshold(long part, long total) => (ulong)(((UInt128)(ulong)part * CoinScale) / (ulong)total);

    private readonly record struct Column(ulong Threshold, int Alias);
}
