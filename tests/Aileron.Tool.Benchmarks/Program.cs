using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Aileron.Benchmarks;

/// <summary>
/// Runs the engine benchmarks: <c>dotnet run -c Release --project tests/Aileron.Tool.Benchmarks -- --filter '*'</c>.
/// The default job is short and in-process so a full run fits a 2-core CI machine in minutes;
/// pass <c>--job default</c> (and drop <c>--inProcess</c> from the config) for tighter error bars.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        var job = Job.ShortRun
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(5)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(150));
        var config = DefaultConfig.Instance
            .AddJob(job.AsDefault())
            .AddColumn(StatisticColumn.Median)
            .WithOptions(ConfigOptions.JoinSummary);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }
}
