using Aileron.Configuration.Model;

namespace Aileron.Health;

/// <summary>
/// Probes one upstream on a schedule: first after <c>initialDelay</c>, then every
/// <c>healthCheckInterval</c>, one probe at a time (a tick that finds the previous probe still
/// running is skipped rather than piling probes onto a slow upstream). It turns
/// <c>unhealthyThreshold</c> consecutive failures into <see cref="ActiveHealth.Unhealthy"/> and
/// <c>healthyThreshold</c> consecutive successes into <see cref="ActiveHealth.Healthy"/>, and calls
/// back on every change of state. Time comes from a <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
internal sealed class ActiveHealthChecker : IAsyncDisposable
{
    private readonly Func<CancellationToken, Task<HealthProbeResult>> _probe;
    private readonly TimeProvider _time;
    private readonly Action<ActiveHealthChecker, ActiveHealth>? _changed;
    private readonly TimeSpan _initialDelay;
    private readonly TimeSpan _interval;
    private readonly int _healthyThreshold;
    private readonly int _unhealthyThreshold;
    private CancellationTokenSource? _stopping;
    private ITimer? _timer;
    private Task _inFlight = Task.CompletedTask;
    private int _probing;
    private volatile ActiveHealth _state = ActiveHealth.Unknown;
    private volatile LastProbe? _last;
    private int _successes;
    private int _failures;
    private long _probes;

    /// <param name="upstream">Reads initialDelay, healthCheckInterval (0 means 1 s) and the thresholds.</param>
    /// <param name="probe">One probe of the upstream; cancelled only when the checker stops.</param>
    /// <param name="changed">Called with the checker and its previous state after each change, on the probing thread.</param>
    public ActiveHealthChecker(
        UpstreamSpec upstream,
        Func<CancellationToken, Task<HealthProbeResult>> probe,
        TimeProvider time,
        Action<ActiveHealthChecker, ActiveHealth>? changed = null)
    {
        _probe = probe;
        _time = time;
        _changed = changed;
        _initialDelay = TimeSpan.FromSeconds(Math.Max(upstream.InitialDelay, 0));
        _interval = TimeSpan.FromSeconds(Math.Max(upstream.HealthCheckInterval, 1));
        _healthyThreshold = Math.Max(upstream.HealthyThreshold, 1);
        _unhealthyThreshold = Math.Max(upstream.UnhealthyThreshold, 1);
    }

    public ActiveHealth State => _state;

    /// <summary>Consecutive failed probes so far (0 after a success).</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _failures);

    /// <summary>Consecutive passed probes so far (0 after a failure).</summary>
    public int ConsecutiveSuccesses => Volatile.Read(ref _successes);

    public long Probes => Interlocked.Read(ref _probes);

    /// <summary>The latest probe's result and when it finished; null before the first.</summary>
    public (HealthProbeResult Result, DateTimeOffset At)? Last => _last is { } last ? (last.Result, last.At) : null;

    /// <summary>Schedules the probes; they stop when <paramref name="cancellationToken"/> is cancelled or on <see cref="StopAsync"/>.</summary>
    public void Start(CancellationToken cancellationToken = default)
    {
        if (_stopping is not null)
        {
            throw new InvalidOperationException("the checker is already started");
        }

        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _timer = _time.CreateTimer(static self => ((ActiveHealthChecker)self!).Tick(), this, _initialDelay, _interval);
    }

    /// <summary>
    /// Starts from where <paramref name="previous"/> stands (the checker of the same upstream in the
    /// config being replaced): its state, its run of passes or failures, its latest probe, so a reload
    /// neither forgets a down upstream nor makes a healthy one settle again. Call before <see cref="Start"/>.
    /// </summary>
    public void CarryOver(ActiveHealthChecker previous)
    {
        if (_stopping is not null)
        {
            throw new InvalidOperationException("health is carried over before the checker starts");
        }

        _state = previous._state;
        _successes = previous.ConsecutiveSuccesses;
        _failures = previous.ConsecutiveFailures;
        _probes = previous.Probes;
        _last = previous._last;
    }

    /// <summary>Stops scheduling, cancels a probe in flight and waits for it to end.</summary>
    public async Task StopAsync()
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }

        await _inFlight;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping?.Dispose();
    }

    private void Tick()
    {
        var stopping = _stopping!;
        if (stopping.IsCancellationRequested || Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }

        _inFlight = ProbeOnceAsync(stopping.Token);
    }

    private async Task ProbeOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            HealthProbeResult result;
            try
            {
                result = await _probe(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            Record(result);
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    private void Record(HealthProbeResult result)
    {
        Interlocked.Increment(ref _probes);
        _last = new LastProbe(result, _time.GetUtcNow());
        var previous = _state;
        ActiveHealth next;
        if (result.Healthy)
        {
            Volatile.Write(ref _failures, 0);
            var successes = Interlocked.Increment(ref _successes);
            // From Unknown one pass settles it: the upstream was already counted healthy.
            next = previous == ActiveHealth.Unknown || successes >= _healthyThreshold ? ActiveHealth.Healthy : previous;
        }
        else
        {
            Volatile.Write(ref _successes, 0);
            var failures = Interlocked.Increment(ref _failures);
            next = failures >= _unhealthyThreshold ? ActiveHealth.Unhealthy : previous;
        }

        if (next != previous)
        {
            _state = next;
            _changed?.Invoke(this, previous);
        }
    }

    private sealed record LastProbe(HealthProbeResult Result, DateTimeOffset At);
}
