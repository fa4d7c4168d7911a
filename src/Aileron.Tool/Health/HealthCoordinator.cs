using System.Diagnostics;
using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Observability;
using Microsoft.Extensions.Logging;

namespace Aileron.Health;

/// <summary>
/// The health of one load balancer's upstreams: runs an <see cref="ActiveHealthChecker"/> for each
/// upstream with <c>enableActive</c> and an <see cref="OutlierDetector"/> for each, combines them
/// into the one flag the engine picks by (healthy = not failed by active checks and not ejected),
/// and passes every change to <see cref="LoadBalancer.SetHealthy"/>. Logs each upstream that goes
/// down or comes back, and panic mode (no healthy upstream: the balancer spreads over all enabled
/// ones) as it starts and ends.
/// </summary>
internal sealed partial class HealthCoordinator : IAsyncDisposable, IHealthGauges
{
    private readonly Lock _gate = new();
    private readonly LoadBalancer _balancer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HealthProbeTarget[] _targets;
    private readonly ActiveHealthChecker?[] _checkers;
    private readonly OutlierDetector[] _detectors;
    private readonly HealthProbe? _ownedProbe;
    private bool _panicking;

    /// <summary>Checks <paramref name="balancer"/>'s upstreams as <paramref name="spec"/> (the spec it was built from) says.</summary>
    /// <param name="probe">A probe shared by every coordinator; when null the coordinator makes and disposes its own.</param>
    public HealthCoordinator(
        LoadBalancer balancer, LoadBalancerSpec spec, ILogger logger, TimeProvider? time = null, HealthProbe? probe = null)
        : this(balancer, spec, logger, time ?? TimeProvider.System, probe ?? new HealthProbe(time), ownsProbe: probe is null)
    {
    }

    private HealthCoordinator(
        LoadBalancer balancer, LoadBalancerSpec spec, ILogger logger, TimeProvider time, HealthProbe probe, bool ownsProbe)
        : this(balancer, spec, logger, time, (upstream, target) => ct => probe.ProbeAsync(target, upstream.HealthCheckTimeout, ct))
    {
        _ownedProbe = ownsProbe ? probe : null;
    }

    /// <summary>For tests: <paramref name="probeFor"/> gives each upstream's probe.</summary>
    internal HealthCoordinator(
        LoadBalancer balancer,
        LoadBalancerSpec spec,
        ILogger logger,
        TimeProvider time,
        Func<UpstreamSpec, HealthProbeTarget, Func<CancellationToken, Task<HealthProbeResult>>> probeFor)
    {
        if (spec.Upstreams.Count != balancer.Upstreams.Count)
        {
            throw new ArgumentException("the spec must be the one the load balancer was built from", nameof(spec));
        }

        _balancer = balancer;
        _logger = logger;
        _time = time;
        _targets = [.. spec.Upstreams.Select(HealthProbeTarget.For)];
        _detectors = [.. spec.Upstreams.Select(u => new OutlierDetector(u, time, OnPassiveChanged))];
        _checkers = [.. spec.Upstreams.Select((u, i) => u.EnableActive && !u.IsDisabled
            ? new ActiveHealthChecker(u, probeFor(u, _targets[i]), time, OnActiveChanged)
            : null)];
        _panicking = balancer.IsPanicking;
    }

    public LoadBalancer Balancer => _balancer;

    /// <summary>True while no enabled upstream is healthy and traffic is spread over all of them.</summary>
    public bool IsPanicking => _balancer.IsPanicking;

    /// <summary>Starts the active checks; they run until <paramref name="cancellationToken"/> is cancelled or <see cref="StopAsync"/>.</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        foreach (var checker in _checkers)
        {
            checker?.Start(cancellationToken);
        }
    }

    /// <summary>Stops the active checks and the ejection timers; health flags stay as they are.</summary>
    public async Task StopAsync()
    {
        await Task.WhenAll(_checkers.OfType<ActiveHealthChecker>().Select(c => c.StopAsync()));
        foreach (var detector in _detectors)
        {
            detector.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var checker in _checkers)
        {
            if (checker is not null)
            {
                await checker.DisposeAsync();
            }
        }

        _ownedProbe?.Dispose();
    }

    /// <summary>
    /// Takes over the health of each upstream that one of <paramref name="previous"/> also has, matched
    /// by URL (the first coordinator that has it wins, so put the same-named load balancer's first):
    /// active check state, an ejection with the cool-down it has left, and the counts. Upstreams new to
    /// the config start fresh. This is how a config reload keeps what it knows about upstreams that stay.
    /// Call before <see cref="Start"/>; nothing is logged, as nothing changes for traffic.
    /// </summary>
    /// <returns>How many upstreams took over a previous state.</returns>
    public int CarryOver(IEnumerable<HealthCoordinator> previous)
    {
        var candidates = previous.Where(c => c != this).ToList();
        var carried = 0;
        lock (_gate)
        {
            foreach (var upstream in _balancer.Upstreams)
            {
                var i = upstream.Index;
                var (from, j) = candidates
                    .Select(c => (Coordinator: c, Index: IndexOf(c._balancer, upstream.Url)))
                    .FirstOrDefault(m => m.Index >= 0);
                if (from is null)
                {
                    continue;
                }

                if (_checkers[i] is { } checker && from._checkers[j] is { } old)
                {
                    checker.CarryOver(old);
                }

                _detectors[i].CarryOver(from._detectors[j]);
                _balancer.SetHealthy(upstream, _checkers[i]?.State != ActiveHealth.Unhealthy && !_detectors[i].IsEjected);
                carried++;
            }

            _panicking = _balancer.IsPanicking;
        }

        return carried;

        static int IndexOf(LoadBalancer balancer, string url)
        {
            for (var k = 0; k < balancer.Upstreams.Count; k++)
            {
                if (string.Equals(balancer.Upstreams[k].Url, url, StringComparison.Ordinal))
                {
                    return k;
                }
            }

            return -1;
        }
    }

    /// <summary>
    /// The request hot path: tell how a request forwarded to <paramref name="upstream"/> ended.
    /// Lock-free and allocation-free; only the report that crosses the ejection threshold does more.
    /// </summary>
    public void ReportResult(Upstream upstream, ForwardOutcome outcome)
    {
        Debug.Assert(ReferenceEquals(_balancer.Upstreams[upstream.Index], upstream), "the upstream belongs to another load balancer");
        _detectors[upstream.Index].Report(outcome);
    }

    /// <summary>The live state of one upstream.</summary>
    public UpstreamHealthState GetState(Upstream upstream)
    {
        var i = upstream.Index;
        var detector = _detectors[i];
        var checker = _checkers[i];
        var last = checker?.Last;
        return new UpstreamHealthState(
            upstream.IsHealthy,
            checker?.State ?? ActiveHealth.Off,
            detector.State,
            detector.ConsecutiveFailures,
            detector.EjectedUntil,
            detector.Ejections,
            detector.Requests,
            detector.Failures,
            upstream.InFlight,
            last is { } probe ? UpstreamProbeReport.From(_targets[i], probe.Result, probe.At) : null);
    }

    /// <inheritdoc/>
    public long EjectionsOf(Upstream upstream) => _detectors[upstream.Index].Ejections;

    /// <summary>The live state of every upstream, in config order.</summary>
    public IReadOnlyList<UpstreamHealthState> GetStates() => [.. _balancer.Upstreams.Select(GetState)];

    private void OnActiveChanged(ActiveHealthChecker checker, ActiveHealth previous)
    {
        var i = Array.IndexOf(_checkers, checker);
        var last = checker.Last?.Result;
        var reason = checker.State == ActiveHealth.Unhealthy
            ? $"{checker.ConsecutiveFailures} active checks failed in a row (last: {last?.Detail})"
            : $"active checks pass again ({last?.Detail})";
        if (previous == ActiveHealth.Unknown && checker.State == ActiveHealth.Healthy)
        {
            LogFirstCheckPassed(_logger, _balancer.Name, _balancer.Upstreams[i].Url, last?.Detail ?? string.Empty);
        }

        Reevaluate(i, reason);
    }

    private void OnPassiveChanged(OutlierDetector detector)
    {
        var i = Array.IndexOf(_detectors, detector);
        var reason = detector.EjectedUntil is { } until
            ? $"ejected after {detector.ConsecutiveFailures} failed requests in a row, for {FormatDuration(until - _time.GetUtcNow())}"
            : "ejection ended";
        Reevaluate(i, reason);
    }

    private void Reevaluate(int index, string reason)
    {
        // One lock orders the flag changes and the panic bookkeeping, so logs read in the order things happened.
        lock (_gate)
        {
            var upstream = _balancer.Upstreams[index];
            var healthy = _checkers[index]?.State != ActiveHealth.Unhealthy && !_detectors[index].IsEjected;
            if (_balancer.SetHealthy(upstream, healthy))
            {
                if (healthy)
                {
                    LogUpstreamUp(_logger, _balancer.Name, upstream.Url, reason);
                }
                else
                {
                    LogUpstreamDown(_logger, _balancer.Name, upstream.Url, reason);
                }
            }

            var panicking = _balancer.IsPanicking;
            if (panicking == _panicking)
            {
                return;
            }

            _panicking = panicking;
            var enabled = _balancer.Upstreams.Count(u => u.IsEnabled);
            if (panicking)
            {
                LogPanicStarted(_logger, _balancer.Name, enabled);
            }
            else
            {
                var healthyCount = _balancer.Upstreams.Count(u => u.IsActive);
                LogPanicEnded(_logger, _balancer.Name, healthyCount, enabled);
            }
        }
    }

    private static string FormatDuration(TimeSpan duration) =>
        DurationParser.Format(TimeSpan.FromSeconds(Math.Max(0, Math.Round(duration.TotalSeconds))));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Balancer}: upstream {Url} is down: {Reason}")]
    private static partial void LogUpstreamDown(ILogger logger, string balancer, string url, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Balancer}: upstream {Url} is back: {Reason}")]
    private static partial void LogUpstreamUp(ILogger logger, string balancer, string url, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Balancer}: upstream {Url} passed its first active check ({Detail})")]
    private static partial void LogFirstCheckPassed(ILogger logger, string balancer, string url, string detail);

    [LoggerMessage(
        Level = LogLevel.Error,
        Message = "{Balancer}: panic mode: no upstream is healthy, so traffic is spread over all {Enabled} enabled upstreams")]
    private static partial void LogPanicStarted(ILogger logger, string balancer, int enabled);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Balancer}: panic mode ended: {Healthy} of {Enabled} upstreams healthy")]
    private static partial void LogPanicEnded(ILogger logger, string balancer, int healthy, int enabled);
}
