namespace Aileron.Balancing;

/// <summary>Load-balancing algorithms; the first five are AILERON's, the last two aileron's extensions.</summary>
internal enum LbAlgorithm
{
    RoundRobin,
    Random,
    RingHash,
    Maglev,
    DirectHash,
    LeastRequests,
    PowerOfTwoChoices,
}
