using Aileron.Balancing;

namespace Aileron.Simulation;

/// <summary>
/// Sends simulated requests through one real <see cref="LoadBalancer"/> and counts its picks. Up to
/// <c>concurrency</c> requests are in flight; once that many are, each new request first completes
/// one of them chosen at random (as with exponentially distributed response times), so the
/// load-aware algorithms see in-flight counts as they would in production.
/// </summary>
internal sealed class TrafficRun
{
    private readonly Upstream?[] _inFlight;
    private readonly RandomSource _completions;
    private readonly long[] _picks;
    private int _filled;
    private readonly bool _bounded;

    public TrafficRun(LoadBalancer balancer, int concurrency, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        Balancer = balancer;
        _inFlight = new Upstream?[concurrency];
        _completions = new RandomSource(seed);
        _picks = new long[balancer.Upstreams.Count];
        _bounded = balancer.Context.HashBalanceFactor > 0;
    }

    /// <summary>With bounded load: requests not sent to their key's first choice, because it was full.</summary>
    public long OffFirstChoice { get; private set; }

    /// <summary>
    /// With bounded load: the most requests one upstream had in flight over its weighted share of
    /// all in flight, at any moment every slot was busy (1 is a perfect spread).
    /// </summary>
    public double PeakInFlightRatio { get; private set; }

    public LoadBalancer Balancer { get; }

    /// <summary>Picks per upstream, by <see cref="Upstream.Index"/>.</summary>
    public IReadOnlyList<long> Picks => _picks;

    /// <summary>Sends one request; returns the upstream picked, or null when none is available.</summary>
    public Upstream? Send(in RequestKey key)
    {
        var slot = _filled < _inFlight.Length ? _filled++ : (int)_completions.Next((uint)_inFlight.Length);
        _inFlight[slot]?.RequestEnded();
        _inFlight[slot] = null;

        // The first choice is a pure lookup for the hash algorithms bounded load applies to.
        var first = _bounded ? Balancer.Snapshot.Pick(key) : null;
        var upstream = Balancer.Pick(key);
        if (upstream is not null)
        {
            upstream.RequestStarted();
            _inFlight[slot] = upstream;
            _picks[upstream.Index]++;
        }

        if (_bounded)
        {
            OffFirstChoice += ReferenceEquals(first, upstream) ? 0 : 1;
            ObservePeak();
        }

        return upstream;
    }

    private void ObservePeak()
    {
        if (_filled < _inFlight.Length)
        {
            return;
        }

        var active = Balancer.Snapshot.Active;
        long weights = 0;
        foreach (var upstream in active)
        {
            weights += upstream.Weight;
        }

        foreach (var upstream in active)
        {
            var share = (double)_inFlight.Length * upstream.Weight / weights;
            PeakInFlightRatio = Math.Max(PeakInFlightRatio, upstream.InFlight / share);
        }
    }
}
