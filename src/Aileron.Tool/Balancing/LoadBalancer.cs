namespace Aileron.Balancing;

/// <summary>
/// The engine of one load balancer, shared by <c>serve</c> and <c>simulate</c>: its upstreams with
/// their live state, and the current pick snapshot of its algorithm. <see cref="Pick"/> is
/// lock-free and allocation-free; health changes rebuild the snapshot and swap it atomically.
/// </summary>
internal sealed class LoadBalancer
{
    private readonly Lock _rebuild = new();
    private readonly Upstream[] _upstreams;
    private readonly double _boundedLoad;
    private BalancerSnapshot _snapshot;

    /// <param name="upstreams">Each upstream's URL and configured weight (<see cref="WeightMath.Effective"/> reads it).</param>
    public LoadBalancer(LbAlgorithm algorithm, IEnumerable<(string Url, int Weight)> upstreams, BalancerContext context, string name = "")
    {
        Name = name;
        Algorithm = algorithm;
        _upstreams = [.. upstreams.Select((u, i) => new Upstream(i, u.Url, WeightMath.Effective(u.Weight)))];
        Context = context.ConfiguredWeights.Count > 0 ? context
            : context with { ConfiguredWeights = [.. _upstreams.Where(u => u.IsEnabled).Select(u => u.Weight)] };
        _boundedLoad = algorithm is LbAlgorithm.RingHash or LbAlgorithm.Maglev ? context.HashBalanceFactor : 0;
        _snapshot = Build();
    }

    public string Name { get; }

    public LbAlgorithm Algorithm { get; }

    public BalancerContext Context { get; }

    public IReadOnlyList<Upstream> Upstreams => _upstreams;

    /// <summary>The snapshot picks read now.</summary>
    public BalancerSnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>True when no enabled upstream is healthy, so picks spread over all enabled ones rather than fail.</summary>
    public bool IsPanicking { get; private set; }

    /// <summary>Picks an upstream for a request; null when none is enabled (answer 503).</summary>
    public Upstream? Pick(in RequestKey key)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        return _boundedLoad > 0 ? BoundedLoad.Pick(snapshot, key, _boundedLoad) : snapshot.Pick(key);
    }

    /// <summary>Marks an upstream healthy or not; rebuilds and swaps the snapshot when that changes the active set.</summary>
    /// <returns>True when the health flag changed.</returns>
    public bool SetHealthy(Upstream upstream, bool healthy)
    {
        lock (_rebuild)
        {
            if (!upstream.SetHealthy(healthy))
            {
                return false;
            }

            Volatile.Write(ref _snapshot, Build());
            return true;
        }
    }

    private BalancerSnapshot Build()
    {
        var enabled = _upstreams.Where(u => u.IsEnabled).ToList();
        var active = enabled.Where(u => u.IsHealthy).ToList();
        IsPanicking = active.Count == 0 && enabled.Count > 0;
        return BuildSnapshot(Algorithm, IsPanicking ? enabled : active, Context);
    }

    /// <summary>Builds the snapshot of <paramref name="algorithm"/> over exactly these upstreams.</summary>
    public static BalancerSnapshot BuildSnapshot(LbAlgorithm algorithm, IReadOnlyList<Upstream> active, BalancerContext context) =>
        algorithm switch
        {
            LbAlgorithm.RoundRobin => RoundRobinBalancer.Build(active),
            LbAlgorithm.Random => RandomBalancer.Build(active, context),
            LbAlgorithm.RingHash => RingHashBalancer.Build(active, context),
            LbAlgorithm.Maglev => MaglevBalancer.Build(active, context),
            LbAlgorithm.DirectHash => DirectHashBalancer.Build(active, context),
            LbAlgorithm.LeastRequests => LeastRequestsBalancer.Build(active, context),
            LbAlgorithm.PowerOfTwoChoices => PowerOfTwoChoicesBalancer.Build(active, context),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown load-balancing algorithm"),
        };
}
