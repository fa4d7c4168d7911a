using Aileron.Admin;
using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Health;
using Aileron.Hosting;
using Aileron.Observability;
using Aileron.Routing;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aileron.Benchmarks;

/// <summary>
/// What health checking and metrics add to each request, apart from everything else a request
/// costs: the outcome report (HealthFeedback to the coordinator's counters) and, with the admin
/// listener on, one counter and one histogram record through OpenTelemetry's aggregation, over
/// five upstreams. On one thread, and on every core at once (shared counters are the risk).
/// <c>none</c> is the proxy without either: NoFeedback, no metrics.
/// </summary>
[MemoryDiagnoser]
public class RequestOverheadBenchmarks
{
    private const int Requests = 1024;
    private const int RequestsPerCore = 1 << 16;

    private HealthProbe? _probe;
    private ProxyRuntime? _runtime;
    private ProxyMetrics? _metrics;
    private AdminServer? _admin;
    private IUpstreamFeedback _feedback = NoFeedback.Instance;
    private LoadBalancerRoute _route = null!;

    [Params("none", "health", "health+metrics")]
    public string Mode { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        var upstreams = string.Join('\n', Enumerable.Range(1, 5).Select(i =>
            $"        - {{url: \"http://127.0.0.1:800{i}\", enableActive: true, enablePassive: true}}"));
        var config = EngineSetup.OneHandler("    - upstreams:\n" + upstreams);
        _probe = new HealthProbe();
        _runtime = new ProxyRuntime(config, RandomSource.CreateUnseeded(), _probe, NullLogger.Instance, TimeProvider.System);
        _route = _runtime.LoadBalancers.Values.Single();
        if (Mode != "none")
        {
            var feedback = new HealthFeedback(NoFeedback.Instance);
            feedback.Add(_runtime);
            _feedback = feedback;
        }

        if (Mode == "health+metrics")
        {
            _metrics = new ProxyMetrics(() => _runtime.Coordinators);
            var address = ListenAddress.TryParse("127.0.0.1:0", out var parsed, out var error) ? parsed! : throw new InvalidOperationException(error);
            // Built, not started: building attaches the exporter's listener to the instruments, which is all a request sees.
            _admin = new AdminServer(address, _metrics, _runtime.Report, () => null, ProxyLog.None);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _admin?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _metrics?.Dispose();
        _runtime?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _probe?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Requests)]
    public void OneThread() => Run(Requests);

    [Benchmark(OperationsPerInvoke = RequestsPerCore)]
    public void EveryCore() => Parallel.For(
        0,
        Environment.ProcessorCount,
        new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
        _ => Run(RequestsPerCore));

    private void Run(int requests)
    {
        var upstreams = _route.Balancer.Upstreams;
        var elapsed = TimeSpan.FromMilliseconds(1.5);
        for (var i = 0; i < requests; i++)
        {
            var upstream = upstreams[i % upstreams.Count];
            _feedback.Report(_route, upstream, ForwardOutcome.Success);
            _metrics?.RequestCompleted(_route, upstream, 200, elapsed);
        }
    }
}
