using System.Collections.Frozen;
using System.Net;
using Microsoft.Extensions.Logging;

namespace Aileron.Discovery;

/// <summary>
/// Follows the host names of <c>resolve: true</c> upstreams: looks each up on its interval (sooner
/// when the resolver gives a shorter time to live) and tells the host when an address set changed,
/// which then serves the config again with the new endpoints (endpoints that vanished drain as a
/// reload drains them; consistent-hash tables move only the keys they must). A failed lookup keeps
/// the last good addresses, and is logged and counted.
/// </summary>
internal sealed class DnsDiscovery : IAsyncDisposable
{
    /// <summary>The shortest wait between two rounds of lookups, whatever intervals and TTLs say.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private readonly IHostResolver _resolver;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private Dictionary<string, TimeSpan> _intervals = [];
    private readonly Dictionary<string, long> _due = new(StringComparer.Ordinal);
    private FrozenDictionary<string, IReadOnlyList<IPAddress>> _current = FrozenDictionary<string, IReadOnlyList<IPAddress>>.Empty;
    private Task _loop = Task.CompletedTask;
    private long _failures;
    private int _disposed;

    public DnsDiscovery(IHostResolver resolver, TimeProvider time, ILogger logger)
    {
        _resolver = resolver;
        _time = time;
        _log = logger;
    }

    /// <summary>The addresses of every name followed, as last resolved.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<IPAddress>> Current => Volatile.Read(ref _current);

    /// <summary>Lookups that failed since start.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Whether any name is followed.</summary>
    public bool IsFollowing
    {
        get
        {
            lock (_gate)
            {
                return _intervals.Count > 0;
            }
        }
    }

    /// <summary>Follows these names (host name → interval) from now on; new ones are looked up at once, dropped ones forgotten.</summary>
    public void Follow(IReadOnlyDictionary<string, TimeSpan> names)
    {
        lock (_gate)
        {
            _intervals = new Dictionary<string, TimeSpan>(names, StringComparer.Ordinal);
            foreach (var name in _due.Keys.Where(n => !names.ContainsKey(n)).ToList())
            {
                _due.Remove(name);
            }

            foreach (var name in names.Keys.Where(n => !_due.ContainsKey(n)))
            {
                _due[name] = 0;
            }

            Volatile.Write(ref _current, _current.Where(p => names.ContainsKey(p.Key)).ToFrozenDictionary(StringComparer.Ordinal));
        }

        Volatile.Read(ref _wake).TrySetResult();
    }

    /// <summary>Looks up every name that is due; true when an address set changed.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        List<(string Name, TimeSpan Interval)> due;
        lock (_gate)
        {
            due = [.. _intervals.Where(p => _due.GetValueOrDefault(p.Key) <= now).Select(p => (p.Key, p.Value))];
        }

        var changed = false;
        foreach (var (name, interval) in due)
        {
            changed |= await LookUpAsync(name, interval, cancellationToken);
        }

        return changed;
    }

    /// <summary>Runs the lookups in the background until disposed; <paramref name="changed"/> is awaited after each round that changed an address set.</summary>
    public void Start(Func<Task> changed) => _loop = Task.Run(() => RunAsync(changed));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task RunAsync(Func<Task> changed)
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                // A fresh signal before the round, so a Follow during it wakes the next wait.
                var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _wake, wake);
                if (await RefreshAsync(stop))
                {
                    await changed();
                }

                // Woken by the next name due, or at once by Follow.
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop);
                await Task.WhenAny(wake.Task, Task.Delay(NextWait(), _time, waiting.Token));
                await waiting.CancelAsync();
                stop.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> LookUpAsync(string name, TimeSpan interval, CancellationToken cancellationToken)
    {
        var previous = Current.GetValueOrDefault(name);
        TimeSpan wait = interval;
        var changed = false;
        try
        {
            var answer = await _resolver.ResolveAsync(name, cancellationToken);
            wait = answer.TimeToLive is { } ttl && ttl < interval ? ttl : interval;
            IReadOnlyList<IPAddress> addresses = [.. answer.Addresses.Distinct().OrderBy(a => a.ToString(), StringComparer.Ordinal)];
            if (addresses.Count > 0 && (previous is null || !previous.SequenceEqual(addresses)))
            {
                Publish(name, addresses);
                DiscoveryLog.Changed(_log, name, string.Join(' ', addresses));
                changed = true;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failures);
            DiscoveryLog.LookupFailed(_log, name, e.Message, previous is null ? "none" : string.Join(' ', previous));
        }

        lock (_gate)
        {
            if (_due.ContainsKey(name))
            {
                _due[name] = _time.GetTimestamp() + (long)(Math.Max(wait.TotalSeconds, MinimumWait.TotalSeconds) * _time.TimestampFrequency);
            }
        }

        return changed;
    }

    private void Publish(string name, IReadOnlyList<IPAddress> addresses)
    {
        lock (_gate)
        {
            if (_intervals.ContainsKey(name))
            {
                var next = new Dictionary<string, IReadOnlyList<IPAddress>>(_current, StringComparer.Ordinal) { [name] = addresses };
                Volatile.Write(ref _current, next.ToFrozenDictionary(StringComparer.Ordinal));
            }
        }
    }

    private TimeSpan NextWait()
    {
        lock (_gate)
        {
            if (_due.Count == 0)
            {
                return Timeout.InfiniteTimeSpan;
            }

            var next = _due.Values.Min();
            var wait = _time.GetElapsedTime(_time.GetTimestamp(), next);
            return wait < MinimumWait ? MinimumWait : wait;
        }
    }
}
