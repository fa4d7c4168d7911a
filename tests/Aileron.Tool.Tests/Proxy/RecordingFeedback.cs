using System.Collections.Concurrent;
using Aileron.Balancing;
using Aileron.Proxy;
using Aileron.Routing;

namespace Aileron.Tests.Proxy;

/// <summary>Remembers every forwarding outcome the proxy reports, as health checking will receive them.</summary>
internal sealed class RecordingFeedback : IUpstreamFeedback
{
    private readonly ConcurrentQueue<(string Upstream, ForwardOutcome Outcome)> _reports = new();

    public IReadOnlyList<(string Upstream, ForwardOutcome Outcome)> Reports => [.. _reports];

    public void Report(LoadBalancerRoute loadBalancer, Upstream upstream, ForwardOutcome outcome) =>
        _reports.Enqueue((upstream.Url, outcome));
}
