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

    /// <summary>An upstream for the request, or null when there is none to pick from.</summary>
    public abstract Upstream? Pick(in RequestKey key);
}
