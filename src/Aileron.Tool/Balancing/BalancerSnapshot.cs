namespace Aileron.Balancing;

/// <summary>
/// An immutable pick structure (schedule, ring, table) over the upstreams that were active when it
/// was built. Picks read it without locks or allocation; a change of the active set builds a new
/// one, which <see cref="LoadBalancer"/> swaps in atomically.
/// </summary>
internal abstract class BalancerSnapshot
{
    /// <summary>The upstreams this snapshot picks from, in config order.</summary>
    public abstract IReadOnlyList<Upstream> Active { get; }

    /// <summary>How many more draws a retry makes for a choice other than the failed upstream before taking the next one in config order.</summary>
    private const int RetryDraws = 8;

    /// <summary>An upstream for the request, or null when there is none to pick from.</summary>
    public abstract Upstream? Pick(in RequestKey key);

    /// <summary>
    /// The algorithm's next choice for a request that <paramref name="failed"/> failed: drawn again
    /// with the key rehashed per draw (so a key's retries land alike on every proxy, and the retries
    /// of a dead upstream's keys spread over the rest as its keys would), never <paramref name="failed"/>;
    /// null when no other upstream is active.
    /// </summary>
    public Upstream? PickExcept(in RequestKey key, Upstream failed)
    {
        var active = Active;
        if (active.Count == 0 || (active.Count == 1 && ReferenceEquals(active[0], failed)))
        {
            return null;
        }

        for (var draw = 1; draw <= RetryDraws; draw++)
        {
            if (Draw(key, draw) is { } next && !ReferenceEquals(next, failed))
            {
                return next;
            }
        }

        // A heavy upstream can win every draw: the next active one in config order then.
        for (var i = 0; i < active.Count; i++)
        {
            if (ReferenceEquals(active[i], failed))
            {
                return active[(i + 1) % active.Count];
            }
        }

        return active[0];
    }

    /// <summary>
    /// Draw <paramref name="draw"/> (1, 2, …) after the first choice could not be used (it failed, or
    /// is full under bounded load): the key rehashed, so each draw is as deterministic as the first.
    /// </summary>
    public virtual Upstream? Draw(in RequestKey key, int draw) => Pick(key.Rehash(draw));
}
