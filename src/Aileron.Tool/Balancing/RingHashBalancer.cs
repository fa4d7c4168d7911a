using System.Numerics;

namespace Aileron.Balancing;

/// <summary>
/// Consistent hashing on a ring, built as Envoy builds it: each upstream places virtual nodes in
/// proportion to its weight, xxHash64("url_i") for its i-th node, scaled so the lightest upstream
/// gets a whole number of nodes and the ring holds at least <see cref="BalancerContext.HashTableSize"/>
/// points. A key goes to the first point at or after its hash, wrapping around. Unlike Envoy, the
/// scale comes from the configured upstreams, not the healthy ones, so an upstream going down moves
/// only the keys that were on its arcs.
/// </summary>
/// <remarks>
/// The lookup first indexes the top bits of the hash into a bucket table (about one to two ring
/// points per bucket), then binary-searches that bucket only: O(1) whatever the ring size, so a
/// large default ring costs memory, not pick time.
/// </remarks>
internal sealed class RingHashBalancer : WeightedSnapshot
{
    private readonly ulong[] _points;
    private readonly Upstream[] _owners;
    private readonly int[] _bucketStarts;
    private readonly int _shift;

    private RingHashBalancer(IReadOnlyList<Upstream> active, BalancerContext context, ulong[] points, Upstream[] owners)
        : base(active, context)
    {
        _points = points;
        _owners = owners;
        var bits = Math.Max(1, BitOperations.Log2((uint)points.Length));
        _shift = 64 - bits;
        _bucketStarts = BuildBucketStarts(points, bits);
    }

    /// <summary>Number of points on the ring.</summary>
    public int RingSize => _points.Length;

    /// <summary>Ring points per upstream, in <see cref="WeightedSnapshot.Active"/> order, for <c>simulate</c> and tests.</summary>
    public IReadOnlyList<int> PointsPerUpstream =>
        [.. Active.Select(u => _owners.Count(o => ReferenceEquals(o, u)))];

    public static BalancerSnapshot Build(IReadOnlyList<Upstream> active, BalancerContext context)
    {
        if (active.Count == 0)
        {
            return EmptySnapshot.Instance;
        }

        var minRingSize = context.HashTableSize > 0 ? context.HashTableSize : LbAlgorithms.DefaultRingSize;
        var perWeight = PointsPerWeight(context.ConfiguredWeights.Count > 0 ? context.ConfiguredWeights : [.. active.Select(u => u.Weight)], minRingSize);

        // A running sum rather than rounding each upstream keeps every share within one point.
        var total = 0L;
        foreach (var upstream in active)
        {
            total += upstream.Weight;
        }

        var size = (int)Math.Ceiling(perWeight * total);
        var points = new ulong[size];
        var owners = new int[size];
        double target = 0;
        var placed = 0;
        Span<char> buffer = stackalloc char[256];
        for (var owner = 0; owner < active.Count; owner++)
        {
            target += perWeight * active[owner].Weight;
            for (var i = 0; placed < target && placed < size; i++, placed++)
            {
                points[placed] = PointHash(active[owner].Url, i, buffer);
                owners[placed] = owner;
            }
        }

        // Rounding can leave the running sum a point short of the size estimate.
        Array.Resize(ref points, placed);
        Array.Resize(ref owners, placed);

        // Sorting by hash alone is deterministic: the same points in the same order sort alike everywhere.
        // Sorting indexes rather than references spares a write barrier per swap.
        Array.Sort(points, owners);
        return new RingHashBalancer(active, context, points, Array.ConvertAll(owners, i => active[i]));
    }

    /// <summary>
    /// Ring points per unit of weight, as Envoy scales: enough that the lightest upstream gets a
    /// whole number of points and the ring at least <paramref name="minRingSize"/>, capped at
    /// <see cref="LbAlgorithms.MaxRingSize"/>.
    /// </summary>
    public static double PointsPerWeight(IReadOnlyList<int> weights, int minRingSize)
    {
        double total = weights.Sum(w => (long)w);
        double lightest = weights.Min();
        var perWeight = Math.Ceiling(lightest * minRingSize / total) / lightest;
        return Math.Min(perWeight, LbAlgorithms.MaxRingSize / total);
    }

    public override Upstream? Pick(in RequestKey key)
    {
        if (!key.HasValue)
        {
            return PickAtRandom();
        }

        var hash = key.Hash;
        var bucket = (int)(hash >> _shift);
        var lo = _bucketStarts[bucket];
        var hi = _bucketStarts[bucket + 1];
        var points = _points;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (points[mid] < hash)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return _owners[lo == points.Length ? 0 : lo];
    }

    /// <summary>xxHash64 of "url_i", Envoy's name for an upstream's i-th virtual node.</summary>
    private static ulong PointHash(string url, int i, Span<char> buffer)
    {
        var length = url.Length + 1 + 11;

        // URLs longer than the stack buffer are rare; they pay an allocation per point at build time only.
        var text = length <= buffer.Length ? buffer : new char[length];
        url.CopyTo(text);
        text[url.Length] = '_';
        i.TryFormat(text[(url.Length + 1)..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        return KeyHasher.Hash(text[..(url.Length + 1 + digits)]);
    }

    /// <summary>For each bucket (top <paramref name="bits"/> bits of a hash), the first ring point at or after its start.</summary>
    private static int[] BuildBucketStarts(ulong[] points, int bits)
    {
        var buckets = 1 << bits;
        var shift = 64 - bits;
        var starts = new int[buckets + 1];
        var next = 0;
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            var start = (ulong)bucket << shift;
            while (next < points.Length && points[next] < start)
            {
                next++;
            }

            starts[bucket] = next;
        }

        starts[buckets] = points.Length;
        return starts;
    }
}
