using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Simulation;

namespace Aileron.Tests.Balancing;

/// <summary>Builds engines over synthetic upstreams (http://upstream-1 ...) and drives them, for the balancing tests.</summary>
internal static class Engines
{
    public const ulong Seed = 42;

    public static IReadOnlyList<LbAlgorithm> All => AlgorithmNames.All;

    public static IReadOnlyList<LbAlgorithm> Consistent => [LbAlgorithm.RingHash, LbAlgorithm.Maglev];

    public static IReadOnlyList<LbAlgorithm> Hashing => [LbAlgorithm.RingHash, LbAlgorithm.Maglev, LbAlgorithm.DirectHash];

    public static LoadBalancerSpec Spec(LbAlgorithm algorithm, params int[] weights) => new()
    {
        LbAlgorithm = algorithm,
        Upstreams = [.. weights.Select((w, i) => new UpstreamSpec { Url = SimulationPlanner.SyntheticUrl(i + 1), Weight = w })],
    };

    /// <summary>Bare upstreams http://upstream-1 ..., for building one algorithm's snapshot directly.</summary>
    public static Upstream[] Upstreams(params int[] weights) =>
        [.. weights.Select((w, i) => new Upstream(i, SimulationPlanner.SyntheticUrl(i + 1), w))];

    /// <summary>Asserts each upstream's share of the picks is within <paramref name="tolerance"/> of its weight share.</summary>
    public static void AssertWeightShares(long[] counts, int[] weights, double tolerance)
    {
        var total = (double)counts.Sum();
        var weight = (double)weights.Where(w => w > 0).Sum();
        for (var i = 0; i < counts.Length; i++)
        {
            Assert.InRange(counts[i] / total, (Math.Max(weights[i], 0) / weight) - tolerance, (Math.Max(weights[i], 0) / weight) + tolerance);
        }
    }

    public static LoadBalancer Create(LbAlgorithm algorithm, params int[] weights) =>
        Spec(algorithm, weights).CreateBalancer(new RandomSource(Seed));

    public static RequestKey Key(int i) => RequestKey.From($"k{i}");

    /// <summary>Picks per upstream index over <paramref name="requests"/> distinct keys k0, k1, ... (no request stays in flight).</summary>
    public static long[] Count(LoadBalancer balancer, int requests)
    {
        var counts = new long[balancer.Upstreams.Count];
        for (var i = 0; i < requests; i++)
        {
            counts[balancer.Pick(Key(i))!.Index]++;
        }

        return counts;
    }

    /// <summary>Runs the simulator as <c>simulate</c> does, on synthetic upstreams with uniform keys.</summary>
    public static SimulationReport Simulate(LbAlgorithm algorithm, int[] weights, int requests, string[]? remove = null)
    {
        var spec = Spec(algorithm, weights);
        var change = UpstreamChanges.Apply(spec, remove ?? [], 0, out var error);
        Assert.Null(error);
        return Simulator.Run(new SimulationCase(null, spec, change), new SimulationSettings { Requests = requests });
    }

    public static int[] Equal(int count) => [.. Enumerable.Repeat(1, count)];
}
