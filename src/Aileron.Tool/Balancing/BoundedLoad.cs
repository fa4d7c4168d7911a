namespace Aileron.Balancing;

/// <summary>
/// Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam; Envoy's
/// <c>hash_balance_factor</c>): a key goes to its upstream unless that upstream already carries more
/// than <c>factor</c> times its weighted share of the requests in flight (this one counted); then it
/// overflows to its next choice, drawn from the same table with the key rehashed per draw, so the
/// order is the same for a key on every proxy. Skewed keys (one hot customer, a Zipf crowd) can then
/// no longer pile more than the factor allows on one upstream, and only the overflow moves: every
/// key whose upstream has room stays where plain consistent hashing puts it.
/// </summary>
internal static class BoundedLoad
{
    /// <summary>The smallest factor: 1 would leave no slack, so keys would move at the slightest skew.</summary>
    public const double MinFactor = 1.0;

    public static Upstream? Pick(BalancerSnapshot snapshot, in RequestKey key, double factor)
    {
        if (snapshot.Pick(key) is not { } first)
        {
            return null;
        }

        var active = snapshot.Active;
        long inFlight = 1;
        long weights = 0;
        foreach (var upstream in active)
        {
            inFlight += upstream.InFlight;
            weights += upstream.Weight;
        }

        if (HasRoom(first, inFlight, weights, factor))
        {
            return first;
        }

        for (var draw = 1; draw <= 2 * active.Count; draw++)
        {
            if (snapshot.Draw(key, draw) is { } next && HasRoom(next, inFlight, weights, factor))
            {
                return next;
            }
        }

        return LeastLoaded(active);
    }

    /// <summary>
    /// Room while the upstream carries less than <c>factor</c> × its weighted share of the requests in
    /// flight (<paramref name="inFlight"/>, the new one counted), rounded down so the bound holds (at
    /// least one, or nothing could start).
    /// </summary>
    public static bool HasRoom(Upstream upstream, long inFlight, long weights, double factor) =>
        upstream.InFlight < Math.Max(1, (long)(factor * inFlight * upstream.Weight / weights));

    /// <summary>When every draw is full (only with few requests in flight): the upstream with the fewest per unit of weight.</summary>
    private static Upstream LeastLoaded(IReadOnlyList<Upstream> active)
    {
        var best = active[0];
        for (var i = 1; i < active.Count; i++)
        {
            if ((long)active[i].InFlight * best.Weight < (long)best.InFlight * active[i].Weight)
            {
                best = active[i];
            }
        }

        return best;
    }
}
