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

    public TrafficRun(LoadBalancer balancer, int concurrency, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        Balancer = balancer;
        _inFlight = new Upstream?[concurrency];
        _completions = new RandomSource(seed);
        _picks = new long[balancer.Upstreams.Count];
    }

    public LoadBalancer Balancer { get; }

    /// <summary>Picks per upstream, by <see cref="Upstream.Index"/>.</summary>
    public IReadOnlyList<long> Picks => _picks;

    /// <summary>Sends one request; returns the upstream picked, or null when none is available.</summary>
    public Upstream? Send(in RequestKey key)
    {
        var slot = _filled < _inFlight.Length ? _filled++ : (int)_completions.Next((uint)_inFlight.Length);
        _inFlight[slot]?.RequestEnded();
        _inFlight[slot] = null;

        var upstream = Balancer.Pick(key);
        if (upstream is not null)
        {
            upstream.RequestStarted();
            _inFlight[slot] = upstream;
            _picks[upstream.Index]++;
        }

        return upstream;
    }
}
