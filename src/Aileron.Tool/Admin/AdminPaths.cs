namespace Aileron.Admin;

/// <summary>
/// The paths the admin listener serves. Kubernetes manifests name them in their probes and scrape
/// annotations (deploy/kubernetes/), so they are a contract, not a detail.
/// </summary>
internal static class AdminPaths
{
    /// <summary>200 while the process runs: a liveness probe.</summary>
    public const string Liveness = "/healthz";

    /// <summary>200 once the config is loaded and the listeners are bound, 503 before that and from SIGTERM on: a readiness probe.</summary>
    public const string Readiness = "/readyz";

    /// <summary>Prometheus text exposition.</summary>
    public const string Metrics = "/metrics";

    /// <summary>Live upstream state as JSON, the shape of <c>aileron upstreams --format json</c>.</summary>
    public const string Upstreams = "/upstreams";
}
