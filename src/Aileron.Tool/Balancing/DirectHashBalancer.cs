namespace Aileron.Balancing;

/// <summary>
/// Direct hashing: the key's hash indexes the weighted upstream list (each upstream repeated by its
/// weight, weights reduced by their common divisor) in O(1). Not consistent: any change to the list
/// remaps most keys; use RingHash or Maglev when that matters.
/// </summary>
internal sealed class DirectHashBalancer : WeightedSnapshot
{
    /// <summary>Lists longer than this are built from weights scaled down in proportion.</summary>
    public const int MaxListLength = 1 << 16;

    private readonly Upstream[] _list;

    private DirectHashBalancer(IReadOnlyList<Upstream> active, BalancerContext context)
        : base(active, context)
    {
        var weights = WeightMath.Reduce([.. active.Select(u => u.Weight)], MaxListLength);
        _list = [.. active.SelectMany((u, i) => Enumerable.Repeat(u, weights[i]))];
    }

    /// <summary>The weighted list keys index into.</summary>
    public IReadOnlyList<Upstream> List => _list;

    public static BalancerSnapshot Build(IReadOnlyList<Upstream> active, BalancerContext context) =>
        active.Count == 0 ? EmptySnapshot.Instance : new DirectHashBalancer(active, context);

    public override Upstream? Pick(in RequestKey key) =>
        key.HasValue ? _list[KeyHasher.Bucket(key.Hash, _list.Length)] : PickAtRandom();
}
