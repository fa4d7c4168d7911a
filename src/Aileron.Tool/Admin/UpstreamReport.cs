using System.Text.Json.Serialization;
using Aileron.Health;

namespace Aileron.Admin;

/// <summary>One upstream in an <see cref="UpstreamsReport"/>.</summary>
/// <param name="Weight">As configured, 0 already read as 1; -1 when disabled.</param>
/// <param name="Share">The expected fraction of traffic: weight over the sum of enabled weights; 0 when disabled.</param>
/// <param name="Probe">With <c>--probe</c> only; null for a disabled upstream, which is not probed.</param>
/// <param name="Health">Live state from a running <c>serve</c> only.</param>
/// <param name="ResolvedFrom">For an endpoint of a <c>resolve: true</c> upstream, that upstream's URL as configured.</param>
internal sealed record UpstreamReport(
    string Url,
    int Weight,
    bool Enabled,
    double Share,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UpstreamProbeReport? Probe = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] UpstreamHealthState? Health = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ResolvedFrom = null);
