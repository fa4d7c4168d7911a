using Aileron.Balancing;

namespace Aileron.Observability;

/// <summary>What the health gauges read of one load balancer at each scrape; health checking provides it.</summary>
internal interface IHealthGauges
{
    LoadBalancer Balancer { get; }

    /// <summary>No enabled upstream is healthy, and traffic spreads over all of them.</summary>
    bool IsPanicking { get; }

    /// <summary>Times passive checks ejected <paramref name="upstream"/> since start.</summary>
    long EjectionsOf(Upstream upstream);
}
