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
        var compare = new Option<bool>("--compare") { Description = "Run every algorithm on the same upstreams and keys, side by side" };
        var format = new Option<string>("--format")
        {
            Description = "Output: table (with bars), json or csv",
            DefaultValueFactory = _ => "table",
            HelpName = "table|json|csv",
        };

        var command = new Command("simulate", "Run requests through a load-balancing algorithm and show how it spreads and remaps keys")
        {
            files, lb, algo, upstreams, weights, requests, keys, missingKey, keyCount, seed, concurrency, remove, add, sequence, tableSize, compare, format,
        };
        HelpExamples.Add(
            command,
            "aileron simulate --algo maglev --upstreams 5",
            "aileron simulate --algo ring-hash --weights 3,1,1 --remove 2",
            "aileron simulate --compare --upstreams 10 --keys zipf --add 1",
            "aileron simulate -f config-round-robin.yaml --sequence 10",
            "aileron simulate -f config.yaml --lb 1 --algo maglev --format json",
            "aileron simulate --algo maglev --keys none --missing-key random");
        command.SetAction(parse =>
        {
            var paths = parse.GetValue(files) ?? [];
            if (!ConfigFileOption.CheckReadable(paths, error))
            {
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

            ReportWriter.Write(plan, [.. plan.Cases.Select(c => Simulator.Run(c, plan.Settings))], output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
