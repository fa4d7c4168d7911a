namespace Aileron.Balancing;

/// <summary>What a hash algorithm does with a request that lacks the key its hasher reads (aileron's <c>hasher.missingKey</c>).</summary>
internal enum MissingKey
{
    /// <summary>Hash the empty key, as AILERON does: every such request goes to one upstream.</summary>
    HashEmpty,

    /// <summary>Pick at random (by weight) for each such request: spread evenly, no affinity.</summary>
    Random,
}
