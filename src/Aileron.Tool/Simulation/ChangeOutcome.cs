namespace Aileron.Simulation;

/// <summary>What one upstream change moved: the share of requests whose upstream changed, against the least possible.</summary>
/// <param name="Description">The change, as <see cref="UpstreamChange.Description"/> says it.</param>
/// <param name="Moved">Share of requests that changed upstream, 0..1.</param>
/// <param name="MinimalMoved">The least share any algorithm that honours the weights must move, 0..1.</param>
internal sealed record ChangeOutcome(string Description, double Moved, double MinimalMoved);
