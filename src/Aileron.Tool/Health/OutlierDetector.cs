using Aileron.Configuration.Model;

namespace Aileron.Health;

/// <summary>
/// Passive health of one upstream, as Envoy's outlier detection: <c>consecutiveFailures</c>
/// transport failures or 5xx answers in a row eject it for <c>baseEjectionTime</c>, doubled on each
/// repeat ejection up to <c>maxEjectionTime</c>; client aborts never count. The ejection ends by
/// itself on a <see cref="TimeProvider"/> timer. The repeat count relaxes by one for every
/// <c>baseEjectionTime</c> the upstream then stays in rotation, so an upstream that misbehaved once
/// long ago starts again from the base cool-down (Envoy decrements its multiplier the same way).
/// Reports are lock-free and allocation-free; only ejecting and returning take a lock.
/// </summary>
internal sealed class OutlierDetector : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Action<OutlierDetector>? _changed;
    private readonly int _threshold;
    private readonly TimeSpan _baseEjection;
    private readonly TimeSpan _maxEjection;
    private int _consecutive;
    private long _requests;
    private long _failures;
    private volatile bool _ejected;
    private long _ejectedUntilTicks;
    private int _level;
    private long _ejections;
    private DateTimeOffset _returnedAt;
    private ITimer? _returnTimer;
    private bool _disposed;

    /// <param name="upstream">Reads enablePassive, consecutiveFailures and the ejection times.</param>
    /// <param name="changed">Called after an ejection starts or ends, outside the detector's lock.</param>
    public OutlierDetector(UpstreamSpec upstream, TimeProvider time, Action<OutlierDetector>? changed = null)
    {
        Enabled = upstream.EnablePassive;
        _time = time;
        _changed = changed;
        _threshold = Math.Max(upstream.ConsecutiveFailures, 1);
        _baseEjection = upstream.BaseEjectionTime > TimeSpan.Zero ? upstream.BaseEjectionTime : UpstreamSpec.DefaultBaseEjectionTime;
        _maxEjection = upstream.MaxEjectionTime >= _baseEjection ? upstream.MaxEjectionTime : _baseEjection;
    }

    /// <summary>False when <c>enablePassive</c> is off: results are still counted, nothing is ejected.</summary>
    public bool Enabled { get; }

    public PassiveHealth State => !Enabled ? PassiveHealth.Off : _ejected ? PassiveHealth.Ejected : PassiveHealth.Ok;

    public bool IsEjected => _ejected;

    /// <summary>Failures (transport or 5xx) since the last success.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _consecutive);

    /// <summary>Results reported, client aborts excluded.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Ejections since start.</summary>
    public long Ejections => Interlocked.Read(ref _ejections);

    /// <summary>When the current ejection ends; null when not ejected.</summary>
    public DateTimeOffset? EjectedUntil =>
        _ejected ? new DateTimeOffset(Interlocked.Read(ref _ejectedUntilTicks), TimeSpan.Zero) : null;

    /// <summary>The request hot path: counts the outcome and ejects when the failure run reaches the threshold.</summary>
    public void Report(ForwardOutcome outcome)
    {
        switch (outcome)
        {
            case ForwardOutcome.Success:
                Interlocked.Increment(ref _requests);
                // Read first: a healthy upstream's counter is already 0, and skipping the write keeps its cache line shared.
                if (Volatile.Read(ref _consecutive) != 0)
                {
                    Volatile.Write(ref _consecutive, 0);
                }

                break;
            case ForwardOutcome.TransportFailure or ForwardOutcome.ServerError:
                Interlocked.Increment(ref _requests);
                Interlocked.Increment(ref _failures);
                if (Interlocked.Increment(ref _consecutive) >= _threshold && Enabled && !_ejected)
                {
                    Eject();
                }

                break;
        }
    }

    /// <summary>
    /// Starts from where <paramref name="previous"/> stands (the detector of the same upstream in the
    /// config being replaced): its counts, its failure run, its repeat level, and an ejection in
    /// progress with the cool-down it has left (dropped when this detector is not enabled).
    /// </summary>
    public void CarryOver(OutlierDetector previous)
    {
        bool ejected;
        long until;
        lock (previous._gate)
        {
            ejected = previous._ejected;
            until = Interlocked.Read(ref previous._ejectedUntilTicks);
            _level = previous._level;
            _returnedAt = previous._returnedAt;
        }

        Volatile.Write(ref _consecutive, previous.ConsecutiveFailures);
        Interlocked.Exchange(ref _requests, previous.Requests);
        Interlocked.Exchange(ref _failures, previous.Failures);
        Interlocked.Exchange(ref _ejections, previous.Ejections);
        var left = new DateTimeOffset(until, TimeSpan.Zero) - _time.GetUtcNow();
        if (!ejected || !Enabled || left <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Interlocked.Exchange(ref _ejectedUntilTicks, until);
            _ejected = true;
            _returnTimer?.Dispose();
            _returnTimer = _time.CreateTimer(static self => ((OutlierDetector)self!).Return(), this, left, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The cool-down the next ejection would get, relaxation applied.</summary>
    public TimeSpan NextEjectionTime()
    {
        lock (_gate)
        {
            return EjectionTime(RelaxedLevel(_time.GetUtcNow()));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _returnTimer?.Dispose();
            _returnTimer = null;
        }
    }

    private void Eject()
    {
        lock (_gate)
        {
            if (_ejected || _disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var level = RelaxedLevel(now);
            var duration = EjectionTime(level);
            _level = level + 1;
            Interlocked.Increment(ref _ejections);
            Interlocked.Exchange(ref _ejectedUntilTicks, (now + duration).UtcTicks);
            _ejected = true;
            _returnTimer?.Dispose();
            _returnTimer = _time.CreateTimer(static self => ((OutlierDetector)self!).Return(), this, duration, Timeout.InfiniteTimeSpan);
        }

        _changed?.Invoke(this);
    }

    private void Return()
    {
        lock (_gate)
        {
            if (!_ejected || _disposed)
            {
                return;
            }

            _ejected = false;
            _returnedAt = _time.GetUtcNow();
            Volatile.Write(ref _consecutive, 0);
            _returnTimer?.Dispose();
            _returnTimer = null;
        }

        _changed?.Invoke(this);
    }

    private int RelaxedLevel(DateTimeOffset now)
    {
        if (_level == 0)
        {
            return 0;
        }

        var calm = (now - _returnedAt).Ticks / _baseEjection.Ticks;
        return (int)Math.Max(0, _level - Math.Min(calm, _level));
    }

    private TimeSpan EjectionTime(int level)
    {
        // Doubling stops at the cap, so it cannot overflow whatever the level.
        var time = _baseEjection;
        for (var i = 0; i < level && time < _maxEjection; i++)
        {
            time = time > _maxEjection - time ? _maxEjection : time + time;
        }

        return time;
    }
}
