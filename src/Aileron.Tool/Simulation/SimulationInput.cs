namespace Aileron.Simulation;

/// <summary>The <c>simulate</c> command line as given, before <see cref="SimulationPlanner"/> checks it.</summary>
internal sealed record SimulationInput
{
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>A load balancer of the config, by name or 1-based index; null for all.</summary>
    public string? LoadBalancer { get; init; }

    public string? Algorithm { get; init; }

    public int? UpstreamCount { get; init; }

    /// <summary>Comma-separated weights, e.g. "3,1".</summary>
    public string? Weights { get; init; }

    /// <summary>Maglev table size or RingHash minimum ring size; null for the algorithm's default.</summary>
    public int? TableSize { get; init; }

    /// <summary>Bounded load for RingHash and Maglev (<c>--hash-balance-factor</c>); null for the config's own.</summary>
    public double? HashBalanceFactor { get; init; }

    public IReadOnlyList<string> Remove { get; init; } = [];

    public int Add { get; init; }

    public bool Compare { get; init; }

    /// <summary>table, json or csv, as typed.</summary>
    public string Format { get; init; } = "table";

    /// <summary>uniform, zipf or none, as typed; overrides <see cref="SimulationSettings.Keys"/>.</summary>
    public string Keys { get; init; } = "uniform";

    /// <summary>hash-empty or random, as typed; null for each load balancer's own <c>hasher.missingKey</c>.</summary>
    public string? MissingKey { get; init; }

    public SimulationSettings Settings { get; init; } = new();
}
