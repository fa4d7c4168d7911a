namespace Aileron.Balancing;

/// <summary>
/// Smooth weighted round robin, as nginx does it: weights 3,1 give a,a,b,a (interleaved, not
/// a,a,a,b); equal weights give 1,2,…,N. The whole cycle is precomputed at build time, so a pick
/// is one atomic increment and an array read. Retries take their turns on the same cycle.
/// </summary>
internal sealed class RoundRobinBalancer : BalancerSnapshot
{
    /// <summary>Cycles longer than this are built from weights scaled down in proportion.</summary>
    public const int MaxScheduleLength = 1 << 20;

    private readonly Upstream[] _schedule;
    private readonly IReadOnlyList<Upstream> _active;
    private uint _counter = uint.MaxValue;
    private uint _retries = uint.MaxValue;

    private RoundRobinBalancer(IReadOnlyList<Upstream> active, Upstream[] schedule)
    {
        _active = active;
        _schedule = schedule;
    }

    public override IReadOnlyList<Upstream> Active => _active;

    public static BalancerSnapshot Build(IReadOnlyList<Upstream> active)
    {
        if (active.Count == 0)
        {
            return EmptySnapshot.Instance;
        }

        var weights = WeightMath.Reduce(active.Select(u => u.Weight).ToArray(), MaxScheduleLength);
        var total = weights.Sum();
        var current = new long[weights.Length];
        var schedule = new Upstream[total];
        for (var step = 0; step < total; step++)
        {
            var best = 0;
            for (var i = 0; i < weights.Length; i++)
            {
                current[i] += weights[i];
                if (current[i] > current[best])
                {
                    best = i;
                }
            }

            current[best] -= total;
            schedule[step] = active[best];
        }

        return new RoundRobinBalancer(active, schedule);
    }

    public override Upstream? Pick(in RequestKey key)
    {
        var n = Interlocked.Increment(ref _counter);
        return _schedule[n % (uint)_schedule.Length];
    }

    /// <summary>
    /// Retries walk the cycle on a counter of their own: taken from the requests' counter, the retry
    /// of a dead upstream's turn would always land on the upstream after it, doubling its load.
    /// </summary>
    public override Upstream? Draw(in RequestKey key, int draw)
    {
        var n = Interlocked.Increment(ref _retries);
        return _schedule[n % (uint)_schedule.Length];
    }
}
