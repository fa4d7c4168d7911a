using Aileron.Balancing;
using BenchmarkDotNet.Attributes;

namespace Aileron.Benchmarks;

/// <summary>Time to build an algorithm's snapshot (schedule, ring, table) over 1000 upstreams: what a health change costs.</summary>
[MemoryDiagnoser]
public class BuildBenchmarks
{
    private Upstream[] _upstreams = [];
    private BalancerContext _context = null!;

    public static IEnumerable<string> Algorithms => Enum.GetNames<LbAlgorithm>();

    [ParamsSource(nameof(Algorithms))]
    public string Algorithm { get; set; } = nameof(LbAlgorithm.RoundRobin);

    [Params(1000)]
    public int Upstreams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var spec = EngineSetup.Spec(Enum.Parse<LbAlgorithm>(Algorithm), Upstreams);
        var balancer = spec.CreateBalancer(new RandomSource(1));
        _upstreams = [.. balancer.Upstreams];
        _context = balancer.Context;
    }

    [Benchmark]
    public int Build() => LoadBalancer.BuildSnapshot(Enum.Parse<LbAlgorithm>(Algorithm), _upstreams, _context).Active.Count;
}
