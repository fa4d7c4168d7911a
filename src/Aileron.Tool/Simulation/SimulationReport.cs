namespace Aileron.Simulation;

/// <summary>
/// What one simulation measured. The JSON names are a contract for scripts: <c>algorithm</c>,
/// <c>requests</c>, <c>upstreams</c>, <c>imbalance</c>, and when asked for <c>sequence</c>,
/// <c>moved</c> and <c>minimalMoved</c>.
/// </summary>
internal sealed record SimulationReport
{
    /// <summary>The config's load balancer name (<c>default/default[0]</c>); null for synthetic upstreams.</summary>
    public string? LoadBalancer { get; init; }

    public required string Algorithm { get; init; }

    public required int Requests { get; init; }

    /// <summary>uniform, zipf or none.</summary>
    public required string Keys { get; init; }

    /// <summary>With no keys and a hash algorithm: what the key-less requests got, <c>hash-empty</c> or <c>random</c>.</summary>
    public string? MissingKey { get; init; }

    public required ulong Seed { get; init; }

    public required IReadOnlyList<UpstreamShare> Upstreams { get; init; }

    /// <summary>The largest share / expected share over the enabled upstreams: 1 is a perfect spread.</summary>
    public required double Imbalance { get; init; }

    /// <summary>The first picks, in order (with <c>--sequence</c>).</summary>
    public IReadOnlyList<string>? Sequence { get; init; }

    /// <summary>Share of requests whose upstream changed with <c>--remove</c>/<c>--add</c>, 0..1.</summary>
    public double? Moved { get; init; }

    /// <summary>The least share of requests any algorithm that honours weights must move for the same change, 0..1.</summary>
    public double? MinimalMoved { get; init; }

    /// <summary>The bounded-load factor the run used (<c>--hash-balance-factor</c>); null when off.</summary>
    public double? HashBalanceFactor { get; init; }

    /// <summary>With bounded load: the share of requests that went past their key's first choice, which was full, 0..1.</summary>
    public double? OffFirstChoice { get; init; }

    /// <summary>With bounded load: the most one upstream had in flight over its share of all in flight, at any full moment.</summary>
    public double? PeakInFlight { get; init; }
}
