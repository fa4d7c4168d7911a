namespace Aileron.Simulation;

/// <summary>
/// One simulation with what a report drawn for people shows beyond the numbers: the in-flight load
/// over time (for the algorithms that pick by it) and what each upstream change moved.
/// </summary>
/// <param name="Load">Null for the algorithms that do not pick by load.</param>
/// <param name="Changes">Each --remove/--add change on its own, then all of them at once; empty without a change.</param>
internal sealed record SimulationDetail(SimulationReport Report, LoadTimeline? Load, IReadOnlyList<ChangeOutcome> Changes);
