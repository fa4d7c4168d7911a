using System.CommandLine;
using Aileron.Configuration.Diagnostics;
using Aileron.Simulation;

namespace Aileron.Commands;

/// <summary><c>aileron simulate</c>: run requests through the load-balancing engine and show the spread.</summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = ConfigFileOption.Create(required: false);
        var lb = new Option<string>("--lb")
        {
            Description = "With -f: simulate only this load balancer, by name (default/default[0]) or index from 1",
            HelpName = "NAME|INDEX",
        };
        var algo = new Option<string>("--algo")
        {
            Description = "Algorithm: RoundRobin, Random, RingHash, Maglev, DirectHash, LeastRequests, PowerOfTwoChoices (any case, dashes allowed); with -f it overrides the config's",
            HelpName = "NAME",
        };
        var upstreams = new Option<int?>("--upstreams")
        {
            Description = $"Number of synthetic upstreams http://upstream-1 ... (default {SimulationPlanner.DefaultUpstreams}, or one per --weights)",
            HelpName = "N",
        };
        var weights = new Option<string>("--weights") { Description = "Weights of the synthetic upstreams, e.g. 3,1,1 (-1 disables one)", HelpName = "W,W,..." };
        var requests = new Option<int>("--requests")
        {
            Description = "Requests to simulate",
            DefaultValueFactory = _ => SimulationSettings.DefaultRequests,
            HelpName = "R",
        };
        var keys = new Option<string>("--keys")
        {
            Description = "Request keys for the hash algorithms: uniform, zipf (skewed, as real traffic) or none (requests without a key)",
            DefaultValueFactory = _ => "uniform",
            HelpName = "uniform|zipf|none",
        };
        var missingKey = new Option<string>("--missing-key")
        {
            Description = "What a hash algorithm does with a request without its key: hash-empty (AILERON's way: one upstream gets them all) or random (spread by weight); default: each load balancer's hasher.missingKey",
            HelpName = "hash-empty|random",
        };
        var keyCount = new Option<int>("--key-count") { Description = "Distinct keys to draw from (default: as many as requests)", HelpName = "K" };
        var seed = new Option<ulong>("--seed")
        {
            Description = "Seed of every random choice: the same seed prints the same output, byte for byte",
            DefaultValueFactory = _ => SimulationSettings.DefaultSeed,
            HelpName = "S",
        };
        var concurrency = new Option<int>("--concurrency")
        {
            Description = "Requests in flight at once (LeastRequests and PowerOfTwoChoices read it)",
            DefaultValueFactory = _ => SimulationSettings.DefaultConcurrency,
            HelpName = "C",
        };
        var remove = new Option<string[]>("--remove")
        {
            Description = "Take an upstream out (URL, or index from 1; repeatable) and report the share of requests that moved",
            HelpName = "URL|INDEX",
        };
        var add = new Option<int>("--add") { Description = "Add N upstreams and report the share of requests that moved", HelpName = "N" };
        var sequence = new Option<int>("--sequence") { Description = "Print the first K picks, in order", HelpName = "K" };
        var tableSize = new Option<int?>("--table-size")
        {
            Description = "Maglev table size (a prime, default 65537) or RingHash minimum ring size (default 65536)",
            HelpName = "N",
        };
        var balanceFactor = new Option<double?>("--hash-balance-factor")
        {
            Description = "Bounded load for RingHash and Maglev: no upstream takes more than F times its share of the requests in flight (e.g. 1.25)",
            HelpName = "F",
        };
        var compare = new Option<bool>("--compare") { Description = "Run every algorithm on the same upstreams and keys, side by side" };
        var format = new Option<string>("--format")
        {
            Description = "Output: table (with bars), json or csv",
            DefaultValueFactory = _ => "table",
            HelpName = "table|json|csv",
        };
        var report = new Option<string>("--report")
        {
            Description = "Also write a self-contained HTML report (charts; no network) of every algorithm in the run to FILE",
            HelpName = "FILE",
        };

        var command = new Command("simulate", "Run requests through a load-balancing algorithm and show how it spreads and remaps keys")
        {
            files, lb, algo, upstreams, weights, requests, keys, missingKey, keyCount, seed, concurrency, remove, add, sequence, tableSize, balanceFactor,
            compare, format, report,
        };
        HelpExamples.Add(
            command,
            "aileron simulate --algo maglev --upstreams 5",
            "aileron simulate --algo ring-hash --weights 3,1,1 --remove 2",
            "aileron simulate --compare --upstreams 10 --keys zipf --add 1",
            "aileron simulate --algo maglev --keys zipf --key-count 100 --hash-balance-factor 1.25",
            "aileron simulate -f config-round-robin.yaml --sequence 10",
            "aileron simulate -f config.yaml --lb 1 --algo maglev --format json",
            "aileron simulate --compare --weights 3,1,1 --remove 2 --add 1 --report report.html",
            "aileron simulate --algo maglev --keys none --missing-key random");
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(files) ?? [];
            if (!ConfigFileOption.CheckReadable(paths, error))
            {
                return ExitCodes.Usage;
            }

            var reportPath = parse.GetValue(report);
            if (reportPath is not null && ReportPathProblem(reportPath) is { } reportProblem)
            {
                error.WriteLine($"aileron: --report {reportPath}: {reportProblem}");
                return ExitCodes.Usage;
            }

            var plan = SimulationPlanner.Create(new SimulationInput
            {
                Files = paths,
                LoadBalancer = parse.GetValue(lb),
                Algorithm = parse.GetValue(algo),
                UpstreamCount = parse.GetValue(upstreams),
                Weights = parse.GetValue(weights),
                TableSize = parse.GetValue(tableSize),
                HashBalanceFactor = parse.GetValue(balanceFactor),
                Remove = parse.GetValue(remove) ?? [],
                Add = parse.GetValue(add),
                Compare = parse.GetValue(compare),
                Format = parse.GetValue(format) ?? "table",
                Keys = parse.GetValue(keys) ?? "uniform",
                MissingKey = parse.GetValue(missingKey),
                Settings = new SimulationSettings
                {
                    Requests = parse.GetValue(requests),
                    KeyCount = parse.GetValue(keyCount),
                    Seed = parse.GetValue(seed),
                    Concurrency = parse.GetValue(concurrency),
                    Sequence = parse.GetValue(sequence),
                },
            });

            // Loading problems go to stderr so stdout stays a clean report for scripts.
            DiagnosticFormatter.Write(plan.Diagnostics, DiagnosticFormat.Text, error);
            if (plan.UsageError is { } usage)
            {
                error.WriteLine($"aileron: {usage}");
                return ExitCodes.Usage;
            }

            if (plan.ConfigFailed)
            {
                return ExitCodes.CheckFailed;
            }

            if (reportPath is null)
            {
                ReportWriter.Write(plan, [.. plan.Cases.Select(c => Simulator.Run(c, plan.Settings))], output);
                return ExitCodes.Ok;
            }

            var details = plan.Cases.Select(c => Simulator.RunDetailed(c, plan.Settings)).ToList();
            try
            {
                HtmlReport.WriteFile(reportPath, details, plan.Settings, CommandLine(parse.Tokens.Select(t => t.Value)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"aileron: --report {reportPath}: cannot write: {e.Message}");
                return ExitCodes.Usage;
            }

            ReportWriter.Write(plan, [.. details.Select(d => d.Report)], output);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Why the report cannot be written there, found before the simulation runs; null when it can be tried.</summary>
    private static string? ReportPathProblem(string path)
    {
        if (Directory.Exists(path))
        {
            return "is a directory: name the HTML file to write, e.g. " + Path.Combine(path, "report.html");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        return directory is null || Directory.Exists(directory) ? null : $"no such directory: {directory}";
    }

    /// <summary>The command as typed, for the report's heading: arguments with spaces or quotes are single-quoted.</summary>
    private static string CommandLine(IEnumerable<string> tokens) =>
        string.Join(' ', ["aileron", .. tokens.Select(t => t.Length > 0 && t.All(c => char.IsAsciiLetterOrDigit(c) || "-_.,:/=@%+".Contains(c)) ? t : "'" + t.Replace("'", "'\\''", StringComparison.Ordinal) + "'")]);
}
