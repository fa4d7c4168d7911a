using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Forwarding.Transport;
using Aileron.Health;

namespace Aileron.Admin;

/// <summary>
/// Builds an <see cref="UpstreamsReport"/> from a loaded config: as configured, with each upstream
/// probed live (<c>upstreams --probe</c>), or with the live health of a running <c>serve</c>
/// (the admin endpoint's <c>GET /upstreams</c>).
/// </summary>
internal static class UpstreamsReportBuilder
{
    /// <summary>Every load balancer of the config, in config order, with its expected shares.</summary>
    public static UpstreamsReport FromConfig(ProxyConfig config) =>
        new([.. config.LoadBalancers.Select(lb => Balancer(config, lb, null, (_, upstream) => Upstream(lb.Spec, upstream)))]);

    /// <summary>As <see cref="FromConfig"/>, each enabled upstream probed once, all at the same time, each with its own healthCheckTimeout.</summary>
    /// <param name="transports">The transport of a load balancer's HTTPClient, so probes go the way its requests would; null: plain probes.</param>
    public static async Task<UpstreamsReport> ProbeAsync(
        ProxyConfig config, HealthProbe probe, CancellationToken cancellationToken, Func<LoadBalancerConfig, UpstreamTransport?>? transports = null)
    {
        var probes = config.LoadBalancers.ToDictionary(
            lb => lb.Name,
            lb => lb.Spec.Upstreams.Select(u => u.IsDisabled ? Task.FromResult<UpstreamProbeReport?>(null) : ProbeOne(u, transports?.Invoke(lb))).ToArray());
        await Task.WhenAll(probes.Values.SelectMany(p => p));
        return new([.. config.LoadBalancers.Select(lb => Balancer(
            config, lb, null, (i, upstream) => Upstream(lb.Spec, upstream) with { Probe = probes[lb.Name][i].Result }))]);

        async Task<UpstreamProbeReport?> ProbeOne(UpstreamSpec upstream, UpstreamTransport? via)
        {
            var target = HealthProbeTarget.For(upstream);
            return UpstreamProbeReport.From(target, await probe.ProbeAsync(target, upstream.HealthCheckTimeout, cancellationToken, via));
        }
    }

    /// <summary>
    /// The live state of a running <c>serve</c>: each load balancer's upstreams with the health its
    /// coordinator reports, matched by <see cref="Balancing.LoadBalancer.Name"/> (the config's load balancer name).
    /// </summary>
    public static UpstreamsReport Live(ProxyConfig config, IEnumerable<HealthCoordinator> coordinators)
    {
        var byName = coordinators.ToDictionary(c => c.Balancer.Name, StringComparer.Ordinal);
        return new([.. config.LoadBalancers.Select(lb =>
        {
            var coordinator = byName.GetValueOrDefault(lb.Name);
            return Balancer(config, lb, coordinator?.IsPanicking, (i, upstream) => Upstream(lb.Spec, upstream) with
            {
                Health = coordinator?.GetState(coordinator.Balancer.Upstreams[i]),
            });
        })]);
    }

    private static BalancerReport Balancer(
        ProxyConfig config, LoadBalancerConfig lb, bool? panicking, Func<int, UpstreamSpec, UpstreamReport> upstream) => new(
            lb.Name,
            lb.Spec.LbAlgorithm.ToString(),
            Listeners(config, lb.Name),
            BalancerMatchReport.From(lb.Spec),
            panicking,
            [.. lb.Spec.Upstreams.Select((u, i) => upstream(i, u))]);

    private static UpstreamReport Upstream(LoadBalancerSpec lb, UpstreamSpec upstream)
    {
        var total = lb.Upstreams.Where(u => !u.IsDisabled).Sum(u => (long)Weight(u));
        var share = upstream.IsDisabled || total == 0 ? 0 : Math.Round((double)Weight(upstream) / total, 4);
        return new UpstreamReport(upstream.Url, upstream.IsDisabled ? -1 : Weight(upstream), !upstream.IsDisabled, share, ResolvedFrom: upstream.ResolvedFrom);
    }

    private static int Weight(UpstreamSpec upstream) => WeightMath.Effective(upstream.Weight);

    private static string[] Listeners(ProxyConfig config, string balancer) =>
        [.. config.Servers
            .Where(s => s.VirtualHosts.SelectMany(v => v.Handlers).SelectMany(h => h.LoadBalancers).Any(lb => lb.Name == balancer))
            .Select(s => s.Listen.Text)
            .Distinct(StringComparer.Ordinal)];
}
