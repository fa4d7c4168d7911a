using Aileron.Balancing;

namespace Aileron.Simulation;

/// <summary>How to drive every simulation of one <c>simulate</c> command.</summary>
internal sealed record SimulationSettings
{
    public const int DefaultRequests = 100_000;
    public const int DefaultConcurrency = 32;
    public const ulong DefaultSeed = 1;

    public int Requests { get; init; } = DefaultRequests;

    public KeyDistribution Keys { get; init; } = KeyDistribution.Uniform;

    /// <summary>How many distinct keys requests draw from; 0 means as many as there are requests.</summary>
    public int KeyCount { get; init; }

    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>What requests without a key get (<c>--missing-key</c>); null: each load balancer's <c>hasher.missingKey</c>.</summary>
    public MissingKey? MissingKey { get; init; }

    /// <summary>Requests in flight at once, which LeastRequests and PowerOfTwoChoices read.</summary>
    public int Concurrency { get; init; } = DefaultConcurrency;

    /// <summary>How many of the first picks to report; 0 for none.</summary>
    public int Sequence { get; init; }

    public int EffectiveKeyCount => KeyCount > 0 ? KeyCount : Requests;
}
