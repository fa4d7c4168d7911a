using Aileron.Balancing;
using BenchmarkDotNet.Attributes;

namespace Aileron.Benchmarks;

/// <summary>
/// Cost of one pick, per algorithm and number of upstreams: on one thread, and on every core at
/// once (each core's time per pick while all of them pick from the same engine). The engine is
/// built as <c>serve</c> builds it (unseeded randomness) and every upstream has 1 to 8 requests in
/// flight, so LeastRequests scans as it does under load.
/// </summary>
[MemoryDiagnoser]
public class PickBenchmarks
{
    private const int Keys = 1024;
    private const int PicksPerCore = 1 << 16;

    private LoadBalancer _balancer = null!;
    private RequestKey[] _keys = [];

    public static IEnumerable<string> Algorithms => Enum.GetNames<LbAlgorithm>();

    [ParamsSource(nameof(Algorithms))]
    public string Algorithm { get; set; } = nameof(LbAlgorithm.RoundRobin);

    [Params(5, 100, 1000)]
    public int Upstreams { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _balancer = EngineSetup.Spec(Enum.Parse<LbAlgorithm>(Algorithm), Upstreams).CreateBalancer(RandomSource.CreateUnseeded());
        var random = new RandomSource(2);
        foreach (var upstream in _balancer.Upstreams)
        {
            for (var i = (int)random.Next(8); i >= 0; i--)
            {
                upstream.RequestStarted();
            }
        }

        _keys = [.. Enumerable.Range(0, Keys).Select(_ => new RequestKey(random.NextUInt64(), true))];
    }

    [Benchmark(OperationsPerInvoke = Keys)]
    public int OneThread() => PickAll(_balancer, _keys, 1);

    [Benchmark(OperationsPerInvoke = PicksPerCore)]
    public int EveryCore()
    {
        var total = 0;
        Parallel.For(
            0,
            Environment.ProcessorCount,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            _ => Interlocked.Add(ref total, PickAll(_balancer, _keys, PicksPerCore / Keys)));
        return total;
    }

    private static int PickAll(LoadBalancer balancer, RequestKey[] keys, int rounds)
    {
        var sum = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var key in keys)
            {
                sum += balancer.Pick(key)!.Index;
            }
        }

        return sum;
    }
}
