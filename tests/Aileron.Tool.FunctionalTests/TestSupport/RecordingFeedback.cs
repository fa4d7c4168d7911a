using System.Collections.Concurrent;
using Aileron.Balancing;
using Aileron.Health;
using Aileron.Routing;

namespace Aileron.Tests.TestSupport;

/// <summary>Remembers every forwarding outcome the proxy reports, as health checking will receive them.</summary>
internal sealed class RecordingFeedback : IUpstreamFeedback
{
    private readonly ConcurrentQueue<(string Upstream, ForwardOutcome Outcome)> _reports = new();

    public IReadOnlyList<(string Upstream, ForwardOutcome Outcome)> Reports => [.. _reports];

    private readonly SemaphoreSlim _reported = new(0);

    public void Report(LoadBalancerRoute loadBalancer, Upstream upstream, ForwardOutcome outcome)
    {
        _reports.Enqueue((upstream.Url, outcome));
        _reported.Release();
    }

    /// <summary>Waits until at least <paramref name="count"/> outcomes were reported; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<(string Upstream, ForwardOutcome Outcome)>> WaitForAsync(int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (_reports.Count < count)
        {
            try
            {
                await _reported.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{_reports.Count} of {count} outcomes reported in {timeout}");
            }
        }

        return Reports;
    }
}
