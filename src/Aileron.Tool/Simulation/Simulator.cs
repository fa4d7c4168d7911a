using Aileron.Balancing;
using Aileron.Configuration.Model;

namespace Aileron.Simulation;

/// <summary>
/// Runs simulated requests through the production engine (<see cref="LoadBalancer"/>) and measures
/// the spread, the first picks and, when the case changes the upstreams, how many requests moved.
/// Everything random comes from the seed, so the same settings give the same report.
/// </summary>
internal static class Simulator
{
    private const int Digits = 6;

    /// <param name="load">When given, samples the in-flight load of the engine through the run.</param>
    public static SimulationReport Run(SimulationCase simulation, SimulationSettings settings, LoadTimeline? load = null)
    {
        var missingKey = settings.MissingKey ?? simulation.Before.Hasher?.MissingKey ?? MissingKey.HashEmpty;
        var keys = new KeyStream(settings.Keys, settings.EffectiveKeyCount, settings.Seed, missingKey);
        var before = Start(simulation.Before, simulation.Name, settings);
        var after = simulation.Change is { } change ? Start(change.After, simulation.Name, settings) : null;
        foreach (var index in simulation.Change?.Down ?? [])
        {
            after!.Balancer.SetHealthy(after.Balancer.Upstreams[index], false);
        }

        var sequence = settings.Sequence > 0 ? new List<string>(Math.Min(settings.Sequence, settings.Requests)) : null;
        long moved = 0;
        for (var i = 0; i < settings.Requests; i++)
        {
            var key = keys.Next();
            var picked = before.Send(key);
            load?.Observe(i + 1, before.Balancer.Upstreams);
            if (sequence is not null && sequence.Count < settings.Sequence)
            {
                sequence.Add(picked?.Url ?? "(none)");
            }

            // After keeps the upstreams of before at the same indexes (added ones come last), so an
            // index compares the same upstream.
            if (after is not null && (after.Send(key)?.Index ?? -1) != (picked?.Index ?? -1))
            {
                moved++;
            }
        }

        var expected = ExpectedShares(simulation.Before);
        var upstreams = simulation.Before.Upstreams
            .Select((u, i) => new UpstreamShare(
                u.Url,
                WeightMath.Effective(u.Weight),
                before.Picks[i],
                Round((double)before.Picks[i] / settings.Requests),
                Round(expected[i])))
            .ToList();
        return new SimulationReport
        {
            LoadBalancer = simulation.Name,
            Algorithm = simulation.Before.LbAlgorithm.ToString(),
            Requests = settings.Requests,
            Keys = settings.Keys.ToString().ToLowerInvariant(),
            MissingKey = settings.Keys == KeyDistribution.None && LbAlgorithms.IsHash(simulation.Before.LbAlgorithm)
                ? MissingKeyName(missingKey)
                : null,
            Seed = settings.Seed,
            Upstreams = upstreams,
            Imbalance = Round(Imbalance(before.Picks, expected, settings.Requests)),
            Sequence = sequence,
            Moved = after is null ? null : Round((double)moved / settings.Requests),
            MinimalMoved = simulation.Change is null ? null : Round(MinimalMoved(expected, simulation.Change.ExpectedShares())),
            HashBalanceFactor = before.Balancer.Context.HashBalanceFactor > 0 ? before.Balancer.Context.HashBalanceFactor : null,
            OffFirstChoice = before.Balancer.Context.HashBalanceFactor > 0 ? Round((double)before.OffFirstChoice / settings.Requests) : null,
            PeakInFlight = before.Balancer.Context.HashBalanceFactor > 0 ? Round(before.PeakInFlightRatio) : null,
        };
    }

    /// <summary>
    /// Runs the case as <see cref="Run"/> does, sampling the load when the algorithm picks by it,
    /// and measures each of the case's <see cref="SimulationCase.Steps"/> on its own (one more run
    /// each), so a report can show what every change moves and what all of them together move.
    /// </summary>
    public static SimulationDetail RunDetailed(SimulationCase simulation, SimulationSettings settings)
    {
        var load = IsLoadAware(simulation.Before.LbAlgorithm) ? new LoadTimeline(settings.Requests) : null;
        var report = Run(simulation, settings, load);
        var changes = new List<ChangeOutcome>();
        if (simulation.Change is { } change)
        {
            var quiet = settings with { Sequence = 0 };
            foreach (var step in simulation.Steps ?? [])
            {
                var alone = Run(simulation with { Change = step, Steps = null }, quiet);
                changes.Add(new ChangeOutcome(step.Description, alone.Moved ?? 0, alone.MinimalMoved ?? 0));
            }

            changes.Add(new ChangeOutcome(change.Description, report.Moved ?? 0, report.MinimalMoved ?? 0));
        }

        return new SimulationDetail(report, load, changes);
    }

    /// <summary>True for the algorithms that pick by the requests in flight: LeastRequests and PowerOfTwoChoices.</summary>
    public static bool IsLoadAware(LbAlgorithm algorithm) => algorithm is LbAlgorithm.LeastRequests or LbAlgorithm.PowerOfTwoChoices;

    /// <summary>Each upstream's weight over the total enabled weight (0 when disabled), by index.</summary>
    public static double[] ExpectedShares(LoadBalancerSpec spec)
    {
        var weights = spec.Upstreams.Select(u => u.IsDisabled ? 0 : Math.Max(u.Weight, 1)).ToArray();
        double total = weights.Sum(w => (long)w);
        return [.. weights.Select(w => total > 0 ? w / total : 0)];
    }

    /// <summary>
    /// The least share of traffic that must move when expected shares change from
    /// <paramref name="before"/> to <paramref name="after"/> (indexes aligned, added upstreams last):
    /// what every upstream loses, summed.
    /// </summary>
    public static double MinimalMoved(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        double lost = 0;
        for (var i = 0; i < before.Count; i++)
        {
            lost += Math.Max(0, before[i] - (i < after.Count ? after[i] : 0));
        }

        return lost;
    }

    private static double Imbalance(IReadOnlyList<long> picks, IReadOnlyList<double> expected, int requests)
    {
        double worst = 0;
        for (var i = 0; i < picks.Count; i++)
        {
            if (expected[i] > 0)
            {
                worst = Math.Max(worst, (double)picks[i] / requests / expected[i]);
            }
        }

        return worst;
    }

    private static TrafficRun Start(LoadBalancerSpec spec, string? name, SimulationSettings settings)
    {
        // Separate streams for the balancer's own randomness and for completions, both from the seed.
        var balancer = spec.CreateBalancer(new RandomSource(RandomSource.Remix(settings.Seed)), name ?? string.Empty);
        return new TrafficRun(balancer, settings.Concurrency, RandomSource.Remix(~settings.Seed));
    }

    private static double Round(double value) => Math.Round(value, Digits);

    /// <summary>The policy as <c>--missing-key</c> writes it.</summary>
    public static string MissingKeyName(MissingKey policy) => policy == MissingKey.HashEmpty ? "hash-empty" : "random";
}
