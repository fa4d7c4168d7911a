using Aileron.Balancing;

namespace Aileron.Simulation;

/// <summary>
/// Requests in flight at each upstream, sampled at even steps through a run: the load that
/// LeastRequests and PowerOfTwoChoices pick by, over time. Sample k holds, by upstream index, the
/// in-flight counts just after request <see cref="At"/>[k] was sent.
/// </summary>
internal sealed class LoadTimeline
{
    /// <summary>Enough points for a smooth line at any width a report is read at.</summary>
    public const int DefaultSamples = 240;

    private readonly int _every;
    private readonly List<int> _at = [];
    private readonly List<int[]> _inFlight = [];

    public LoadTimeline(int requests, int samples = DefaultSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        _every = Math.Max(1, requests / samples);
    }

    /// <summary>The request number (from 1) each sample was taken after.</summary>
    public IReadOnlyList<int> At => _at;

    /// <summary>In-flight requests by upstream index, one array per sample.</summary>
    public IReadOnlyList<int[]> InFlight => _inFlight;

    /// <summary>Takes a sample when <paramref name="request"/> (from 1) is at a sampling step.</summary>
    public void Observe(int request, IReadOnlyList<Upstream> upstreams)
    {
        if (request % _every != 0)
        {
            return;
        }

        var counts = new int[upstreams.Count];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = upstreams[i].InFlight;
        }

        _at.Add(request);
        _inFlight.Add(counts);
    }
}
