namespace Aileron.Balancing;

/// <summary>
/// Maglev consistent hashing (Google's paper, weighted as Envoy does): a lookup table of prime size
/// M (default 65537) that upstreams fill in turns, each walking its own permutation of the slots:
/// offset = xxHash64(url, seed 0) mod M, skip = xxHash64(url, seed 1) mod (M − 1) + 1. A heavier
/// upstream takes a turn more often, so it owns slots in proportion to its weight. A key reads
/// one slot, chosen by its hash: one array read. Removing an upstream rebuilds the table, which keeps most
/// other slots where they were.
/// </summary>
internal sealed class MaglevBalancer : WeightedSnapshot
{
    /// <summary>Seed of the skip hash; the offset hash is <see cref="Upstream.UrlHash"/> (seed 0).</summary>
    public const long SkipSeed = 1;

    private readonly int[] _table;
    private readonly Upstream[] _upstreams;

    private MaglevBalancer(IReadOnlyList<Upstream> active, BalancerContext context, int size)
        : base(active, context)
    {
        _upstreams = Weighted.Upstreams;
        _table = Fill(_upstreams, size);
    }

    /// <summary>The table size M.</summary>
    public int TableSize => _table.Length;

    /// <summary>Table slots per upstream, in <see cref="WeightedSnapshot.Active"/> order, for <c>simulate</c> and tests.</summary>
    public IReadOnlyList<int> SlotsPerUpstream
    {
        get
        {
            var counts = new int[_upstreams.Length];
            foreach (var owner in _table)
            {
                counts[owner]++;
            }

            return counts;
        }
    }

    public static BalancerSnapshot Build(IReadOnlyList<Upstream> active, BalancerContext context)
    {
        if (active.Count == 0)
        {
            return EmptySnapshot.Instance;
        }

        var size = context.HashTableSize > 0 ? context.HashTableSize : LbAlgorithms.DefaultMaglevTableSize;
        return new MaglevBalancer(active, context, size);
    }

    public override Upstream? Pick(in RequestKey key) =>
        key.HasValue
            ? _upstreams[_table[KeyHasher.Bucket(key.Hash, _table.Length)]]
            : PickAtRandom();

    /// <summary>
    /// Envoy's weighted fill: on iteration k an upstream of weight w takes a slot when k·w has
    /// reached its target, which then grows by the largest weight, so the heaviest takes a slot
    /// every iteration and one of a third its weight every third.
    /// </summary>
    private static int[] Fill(IReadOnlyList<Upstream> active, int size)
    {
        var n = active.Count;
        var offset = new ulong[n];
        var skip = new ulong[n];
        var next = new ulong[n];
        var target = new long[n];
        long maxWeight = active.Max(u => u.Weight);
        for (var i = 0; i < n; i++)
        {
            offset[i] = active[i].UrlHash % (ulong)size;
            skip[i] = (KeyHasher.Hash(active[i].Url, SkipSeed) % (ulong)(size - 1)) + 1;
        }

        var table = new int[size];
        Array.Fill(table, -1);
        var filled = 0;
        for (long iteration = 0; filled < size; iteration++)
        {
            for (var i = 0; i < n && filled < size; i++)
            {
                if (iteration * active[i].Weight < target[i])
                {
                    continue;
                }

                target[i] += maxWeight;
                var slot = Slot(offset[i], skip[i], next[i], size);
                while (table[slot] >= 0)
                {
                    next[i]++;
                    slot = Slot(offset[i], skip[i], next[i], size);
                }

                table[slot] = i;
                next[i]++;
                filled++;
            }
        }

        return table;
    }

    private static int Slot(ulong offset, ulong skip, ulong next, int size) => (int)((offset + (skip * next)) % (ulong)size);
}
