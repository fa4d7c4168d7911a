using System.Text.Json.Serialization;

namespace Aileron.Admin;

/// <summary>One load balancer in an <see cref="UpstreamsReport"/>.</summary>
/// <param name="Name">Its stable name: the handler's namespace/name and its index, <c>default/default[0]</c>.</param>
/// <param name="Algorithm">The lbAlgorithm as written in config: <c>RoundRobin</c>, <c>Maglev</c>, …</param>
/// <param name="Listeners">The addr of every HTTPServer that routes to it.</param>
/// <param name="Panicking">Live state only: no upstream is healthy, so traffic spreads over all enabled ones.</param>
internal sealed record BalancerReport(
    string Name,
    string Algorithm,
    IReadOnlyList<string> Listeners,
    BalancerMatchReport Match,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Panicking,
    IReadOnlyList<UpstreamReport> Upstreams);
