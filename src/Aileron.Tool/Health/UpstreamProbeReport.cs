using System.Text.Json.Serialization;

namespace Aileron.Health;

/// <summary>One probe's result as <c>aileron upstreams --probe</c> and the admin endpoint show it.</summary>
/// <param name="Target">What was probed: the healthCheckAddr, or the upstream URL.</param>
/// <param name="Status"><c>up</c> or <c>down</c>.</param>
/// <param name="LatencyMs">Time to the response headers (HTTP) or to the connection (TCP), in milliseconds.</param>
/// <param name="Detail">Why: <c>HTTP 200</c>, <c>connection refused</c>, <c>timed out after 1s</c>.</param>
/// <param name="At">When the probe finished; only in live state.</param>
internal sealed record UpstreamProbeReport(
    string Target,
    string Status,
    double LatencyMs,
    string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? At = null)
{
    public const string Up = "up";
    public const string Down = "down";

    [JsonIgnore]
    public bool IsUp => Status == Up;

    public static UpstreamProbeReport From(HealthProbeTarget target, HealthProbeResult result, DateTimeOffset? at = null) =>
        new(target.Text, result.Healthy ? Up : Down, Math.Round(result.Latency.TotalMilliseconds, 1), result.Detail, at);
}
