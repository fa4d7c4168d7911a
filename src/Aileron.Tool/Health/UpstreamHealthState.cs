using System.Text.Json.Serialization;

namespace Aileron.Health;

/// <summary>
/// The live health of one upstream, as <see cref="HealthCoordinator"/> sees it: the <c>health</c>
/// object of each upstream in the admin endpoint's <c>GET /upstreams</c> JSON.
/// </summary>
/// <param name="Healthy">The flag the load balancer picks by: not unhealthy by active checks and not ejected.</param>
/// <param name="ConsecutiveFailures">Failed requests (transport or 5xx) since the last success.</param>
/// <param name="EjectedUntil">When the current ejection ends; null when not ejected.</param>
/// <param name="Ejections">Ejections since start.</param>
/// <param name="Requests">Forwarded requests with a result (client aborts excluded).</param>
/// <param name="Failures">Of those, transport failures and 5xx answers.</param>
/// <param name="LastProbe">The latest active probe; null before the first or when active checks are off.</param>
internal sealed record UpstreamHealthState(
    bool Healthy,
    ActiveHealth Active,
    PassiveHealth Passive,
    int ConsecutiveFailures,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? EjectedUntil,
    long Ejections,
    long Requests,
    long Failures,
    int InFlight,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] UpstreamProbeReport? LastProbe);
