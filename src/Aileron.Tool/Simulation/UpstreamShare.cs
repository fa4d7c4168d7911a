namespace Aileron.Simulation;

/// <summary>One upstream's line of a simulation report (JSON names are a contract for scripts).</summary>
/// <param name="Weight">As configured: 1 to 65535, or -1 when disabled.</param>
/// <param name="Share">Picks / requests, 0..1.</param>
/// <param name="ExpectedShare">Weight / total enabled weight: the share a perfect balancer would give it.</param>
internal sealed record UpstreamShare(string Url, int Weight, long Picks, double Share, double ExpectedShare);
