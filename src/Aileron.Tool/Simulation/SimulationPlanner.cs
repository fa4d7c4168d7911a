using System.Globalization;
using Aileron.Balancing;
using Aileron.Configuration;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Configuration.Validation;

namespace Aileron.Simulation;

/// <summary>
/// Turns a <c>simulate</c> command line into the cases to run: synthetic upstreams
/// (<c>--upstreams</c>, <c>--weights</c>) or the load balancers of a config (<c>-f</c>, <c>--lb</c>),
/// times one algorithm or all of them (<c>--compare</c>), each with its --remove/--add variant.
/// Every mistake a user can make comes back as one line naming the flag.
/// </summary>
internal static class SimulationPlanner
{
    public const int DefaultUpstreams = 5;
    public const int MaxUpstreams = 10_000;
    public const int MaxRequests = 100_000_000;
    public const int MaxConcurrency = 1_000_000;

    /// <summary>The URL of the i-th synthetic upstream (from 1).</summary>
    public static string SyntheticUrl(int i) => UpstreamChanges.AddedUrlPrefix + i.ToString(CultureInfo.InvariantCulture);

    public static SimulationPlan Create(SimulationInput input)
    {
        if (!TryParseChoice<ReportFormat>(input.Format, out var format))
        {
            return SimulationPlan.Usage($"--format {input.Format}: use table, json or csv");
        }

        if (!TryParseChoice<KeyDistribution>(input.Keys, out var keys))
        {
            return SimulationPlan.Usage($"--keys {input.Keys}: use uniform, zipf or none");
        }

        MissingKey? missingKey = null;
        if (input.MissingKey is { } missingText)
        {
            if (!TryParseChoice<MissingKey>(missingText.Replace("-", string.Empty, StringComparison.Ordinal), out var parsedMissing))
            {
                return SimulationPlan.Usage($"--missing-key {missingText}: use hash-empty (as AILERON: one upstream gets them all) or random");
            }

            missingKey = parsedMissing;
        }

        var settings = input.Settings with { Keys = keys, MissingKey = missingKey };
        if (CheckSettings(settings, input.Add, format) is { } settingsError)
        {
            return SimulationPlan.Usage(settingsError);
        }

        LbAlgorithm? algorithm = null;
        if (input.Algorithm is { } name)
        {
            if (input.Compare)
            {
                return SimulationPlan.Usage("--compare runs every algorithm: drop --algo, or drop --compare");
            }

            if (!AlgorithmNames.TryParse(name, out var parsed, out var algoError))
            {
                return SimulationPlan.Usage(algoError);
            }

            algorithm = parsed;
        }

        List<(string? Name, LoadBalancerSpec Spec)> targets;
        IReadOnlyList<Diagnostic> diagnostics = [];
        if (input.Files.Count > 0)
        {
            if (input.UpstreamCount is not null || input.Weights is not null)
            {
                return SimulationPlan.Usage("--upstreams and --weights make synthetic upstreams: with -f the config's upstreams are simulated");
            }

            var loaded = ConfigLoader.LoadFiles(input.Files);
            if (loaded.Config is null)
            {
                return new SimulationPlan { Diagnostics = loaded.Diagnostics };
            }

            diagnostics = loaded.Diagnostics;
            if (SelectLoadBalancers(loaded.Config, input, out var lbError) is not { } selected)
            {
                return SimulationPlan.Usage(lbError!) with { Diagnostics = diagnostics };
            }

            // A load balancer with no enabled upstream answers 502 to everything: there is no spread to show.
            var runnable = selected.Where(lb => lb.Spec.Upstreams.Any(u => !u.IsDisabled)).ToList();
            if (runnable.Count == 0)
            {
                var names = string.Join(", ", selected.Select(lb => lb.Name));
                return SimulationPlan.Usage($"{names}: no enabled upstream, so every request it matches gets 502: nothing to simulate") with { Diagnostics = diagnostics };
            }

            targets = [.. runnable.Select(lb => ((string?)lb.Name, lb.Spec))];
        }
        else
        {
            if (input.LoadBalancer is not null)
            {
                return SimulationPlan.Usage("--lb chooses a load balancer of a config: add -f FILE");
            }

            if (algorithm is null && !input.Compare)
            {
                return SimulationPlan.Usage("nothing to simulate: give --algo NAME (and --upstreams N), --compare, or -f FILE");
            }

            if (SyntheticUpstreams(input, out var upstreamError) is not { } upstreams)
            {
                return SimulationPlan.Usage(upstreamError!);
            }

            targets = [(null, new LoadBalancerSpec { Upstreams = upstreams })];
        }

        var cases = new List<SimulationCase>();
        foreach (var target in targets)
        {
            var algorithms = input.Compare ? AlgorithmNames.All : [algorithm ?? target.Spec.LbAlgorithm];
            foreach (var each in algorithms)
            {
                var spec = WithAlgorithm(target.Spec, each, input.TableSize, input.HashBalanceFactor);
                if (CheckTableSize(spec, input.TableSize) is { } tableError)
                {
                    return SimulationPlan.Usage(tableError);
                }

                if (input.HashBalanceFactor is { } factor && (factor != 0 && factor < BoundedLoad.MinFactor || !double.IsFinite(factor)))
                {
                    return SimulationPlan.Usage($"--hash-balance-factor {factor}: use 0 (off) or at least {BoundedLoad.MinFactor}, e.g. 1.25");
                }

                var change = UpstreamChanges.Apply(spec, input.Remove, input.Add, out var changeError);
                if (changeError is not null)
                {
                    return SimulationPlan.Usage(changeError);
                }

                cases.Add(new SimulationCase(target.Name, spec, change, UpstreamChanges.Steps(spec, input.Remove, input.Add)));
            }
        }

        return new SimulationPlan
        {
            Cases = cases,
            Settings = settings,
            Format = format,
            Compare = input.Compare,
            Many = input.Compare || (input.Files.Count > 0 && input.LoadBalancer is null),
            Diagnostics = diagnostics,
        };
    }

    /// <summary>A value by its name only, in any case (Enum.TryParse would also take "1").</summary>
    private static bool TryParseChoice<T>(string text, out T value)
        where T : struct, Enum
    {
        var name = Enum.GetNames<T>().FirstOrDefault(n => n.Equals(text, StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }

    private static string? CheckSettings(SimulationSettings s, int add, ReportFormat format)
    {
        return s switch
        {
            { Requests: < 1 or > MaxRequests } => $"--requests {s.Requests}: use 1 to {MaxRequests}",
            { KeyCount: < 0 } => $"--key-count {s.KeyCount}: use 1 or more (or leave it out: as many keys as requests)",
            { Concurrency: < 1 or > MaxConcurrency } => $"--concurrency {s.Concurrency}: use 1 to {MaxConcurrency}",
            { Sequence: < 0 } => $"--sequence {s.Sequence}: use 0 or more picks",
            _ when add is < 0 or > MaxUpstreams => $"--add {add}: use 0 to {MaxUpstreams} upstreams",
            _ when format == ReportFormat.Csv && s.Sequence > 0 =>
                "--sequence prints in the table and json formats: csv holds one row per upstream",
            _ => null,
        };
    }

    private static List<LoadBalancerConfig>? SelectLoadBalancers(ProxyConfig config, SimulationInput input, out string? error)
    {
        error = null;
        var all = config.LoadBalancers;
        var files = string.Join(", ", input.Files);
        if (all.Count == 0)
        {
            error = $"{files}: no load balancer to simulate (no ReverseProxyHandler is reached from an Entrypoint)";
            return null;
        }

        if (input.LoadBalancer is not { } wanted)
        {
            return [.. all];
        }

        if (int.TryParse(wanted, NumberStyles.Integer, CultureInfo.InvariantCulture, out var position))
        {
            if (position >= 1 && position <= all.Count)
            {
                return [all[position - 1]];
            }

            error = $"--lb {wanted}: the config has {all.Count} load balancer{(all.Count == 1 ? string.Empty : "s")}: give an index from 1 to {all.Count}, or a name";
            return null;
        }

        var byName = all.FirstOrDefault(lb => string.Equals(lb.Name, wanted, StringComparison.Ordinal));
        if (byName is not null)
        {
            return [byName];
        }

        var closest = NameSuggester.Closest(wanted, all.Select(lb => lb.Name));
        error = $"--lb {wanted}: no such load balancer{(closest is null ? string.Empty : $"; did you mean {closest}?")} "
            + $"(names: {string.Join(", ", all.Take(5).Select(lb => lb.Name))}{(all.Count > 5 ? ", ..." : string.Empty)})";
        return null;
    }

    private static List<UpstreamSpec>? SyntheticUpstreams(SimulationInput input, out string? error)
    {
        error = null;
        int[]? weights = null;
        if (input.Weights is { } text)
        {
            var parts = text.Split(',', StringSplitOptions.TrimEntries);
            weights = new int[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out weights[i])
                    || weights[i] is < -1 or > UpstreamSpec.MaxWeight)
                {
                    error = $"--weights {text}: '{parts[i]}' is not a weight: use 1 to {UpstreamSpec.MaxWeight} (0 means 1, -1 disables), "
                        + "one per upstream, e.g. --weights 3,1,1";
                    return null;
                }
            }
        }

        var count = input.UpstreamCount ?? weights?.Length ?? DefaultUpstreams;
        if (count is < 1 or > MaxUpstreams)
        {
            error = $"--upstreams {count}: use 1 to {MaxUpstreams}";
            return null;
        }

        if (weights is not null && weights.Length != count)
        {
            error = $"--weights {input.Weights}: {weights.Length} weight{(weights.Length == 1 ? string.Empty : "s")} for {count} upstreams: give one per upstream";
            return null;
        }

        if (weights is not null && weights.All(w => w < 0))
        {
            error = $"--weights {input.Weights}: every upstream is disabled (-1): enable at least one";
            return null;
        }

        return [.. Enumerable.Range(1, count).Select(i => new UpstreamSpec
        {
            Url = SyntheticUrl(i),
            Weight = weights is null ? 1 : WeightMath.Effective(weights[i - 1]),
        })];
    }

    /// <summary>
    /// The load balancer run with another algorithm; a config's table size and bounded load stay
    /// only with the algorithm they were set for, and bounded load only with RingHash and Maglev.
    /// </summary>
    private static LoadBalancerSpec WithAlgorithm(LoadBalancerSpec spec, LbAlgorithm algorithm, int? tableSize, double? factor) => spec with
    {
        LbAlgorithm = algorithm,
        HashTableSize = tableSize ?? (algorithm == spec.LbAlgorithm ? spec.HashTableSize : 0),
        HashBalanceFactor = algorithm is LbAlgorithm.RingHash or LbAlgorithm.Maglev
            ? factor ?? (algorithm == spec.LbAlgorithm ? spec.HashBalanceFactor : 0)
            : 0,
    };

    private static string? CheckTableSize(LoadBalancerSpec spec, int? tableSize)
    {
        if (tableSize is not { } size)
        {
            return null;
        }

        return spec.LbAlgorithm switch
        {
            LbAlgorithm.Maglev when !ConfigValidator.IsPrime(size) || size > ConfigValidator.MaxMaglevTableSize =>
                $"--table-size {size}: Maglev needs a prime no larger than {ConfigValidator.MaxMaglevTableSize} (e.g. 65537, 131071, 1048573)",
            LbAlgorithm.Maglev when size < spec.Upstreams.Count =>
                $"--table-size {size}: Maglev needs at least one slot per upstream ({spec.Upstreams.Count})",
            LbAlgorithm.RingHash when size is < 1 or > LbAlgorithms.MaxRingSize =>
                $"--table-size {size}: use 1 to {LbAlgorithms.MaxRingSize} ring points",
            _ => null,
        };
    }
}
