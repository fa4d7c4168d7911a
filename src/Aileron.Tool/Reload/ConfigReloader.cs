using System.IO.Hashing;
using System.Threading.Channels;
using Aileron.Configuration;
using Aileron.Hosting;
using Aileron.Observability;
using Microsoft.Extensions.Logging;

namespace Aileron.Reload;

/// <summary>
/// Reloads a serving <see cref="ProxyHost"/> when its config files change (see <see cref="ConfigWatcher"/>)
/// or when asked (SIGHUP). A burst of events makes one reload, once the files have been quiet for the
/// debounce interval; files whose bytes are what is serving already make none (unless forced).
/// A new config is loaded and validated in full first; an invalid one is rejected with the same
/// diagnostics <c>validate</c> prints, one log line each, and the old config keeps serving.
/// Reloads run one at a time, in order.
/// </summary>
internal sealed class ConfigReloader : IAsyncDisposable
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<string> _files;
    private readonly ProxyHost _host;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly ConfigWatcher _watcher;
    private readonly Task _loop;
    private readonly SemaphoreSlim _one = new(1, 1);
    private ulong? _serving;
    private int _completed;

    /// <param name="files">The <c>-f</c> files, as given: the config <paramref name="host"/> serves was loaded from them.</param>
    /// <param name="serving">
    /// The <see cref="Fingerprint"/> of the files taken before the serving config was loaded from
    /// them; when null, taken now (a change in between would then go unnoticed until the next one).
    /// </param>
    public ConfigReloader(
        IReadOnlyList<string> files, ProxyHost host, ProxyLog log, TimeProvider? time = null, TimeSpan? debounce = null,
        TimeSpan? pollInterval = null, ulong? serving = null)
    {
        _files = files;
        _host = host;
        _log = log.For<ConfigReloader>();
        _time = time ?? TimeProvider.System;
        _debounce = debounce ?? DefaultDebounce;

        _serving = serving ?? Fingerprint(files);
        _watcher = new ConfigWatcher(files, () => Ask("file", force: false), pollInterval ?? DefaultPollInterval, _time);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Reloads that ended, applied or rejected (not those the unchanged files made unnecessary).</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Asks for a reload after the debounce interval; <paramref name="force"/> reloads even unchanged files (SIGHUP).</summary>
    public void Ask(string trigger, bool force) => _requests.Writer.TryWrite(new Request(trigger, force));

    /// <summary>Loads the files and, when they are valid (and changed, unless forced), hands the config to the host.</summary>
    /// <returns>What the host did; null when there was nothing to do or the config was invalid.</returns>
    public async Task<ReloadResult?> ReloadAsync(string trigger, bool force, CancellationToken cancellationToken = default)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            return await ReloadOnceAsync(trigger, force, cancellationToken);
        }
        finally
        {
            _one.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _watcher.Dispose();
        _requests.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _one.Dispose();
    }

    private async Task<ReloadResult?> ReloadOnceAsync(string trigger, bool force, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(_files);
        if (!force && fingerprint is not null && fingerprint == _serving)
        {
            return null;
        }

        var loaded = ConfigLoader.LoadFiles(_files);
        _watcher.Refresh();
        _serving = fingerprint;
        Interlocked.Increment(ref _completed);
        var config = loaded.Config;
        if (config is null || config.Servers.Count == 0)
        {
            var diagnostics = loaded.Diagnostics;
            foreach (var d in diagnostics)
            {
                ReloadLog.Diagnostic(_log, d.IsError ? LogLevel.Error : LogLevel.Warning, d.ToString());
            }

            ReloadLog.InvalidConfig(
                _log,
                trigger,
                diagnostics.Count(d => d.IsError),
                config is null ? "invalid config (the diagnostics above, as validate prints them)" : "the Entrypoint runs no HTTPServer");
            return null;
        }

        foreach (var warning in loaded.Diagnostics)
        {
            ReloadLog.Warning(_log, warning.ToString());
        }

        var result = await _host.ReloadAsync(config, cancellationToken);
        if (!result.Applied)
        {
            ReloadLog.Rejected(_log, trigger, result.Rejection);
            return result;
        }

        ReloadLog.Reloaded(
            _log,
            trigger,
            config.Servers.Count,
            config.LoadBalancers.Count,
            config.LoadBalancers.Sum(lb => lb.Spec.Upstreams.Count),
            string.Join(' ', result.Bound),
            string.Join(' ', result.Unbound));
        return result;
    }

    private async Task RunAsync()
    {
        var reader = _requests.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token))
            {
                var request = await reader.ReadAsync(_stop.Token);
                var (trigger, force) = (request.Trigger, request.Force);

                // Quiet for one interval, or ten at most while events keep coming (an editor, a copy).
                var deadline = _time.GetTimestamp() + (long)(_debounce.TotalSeconds * 10 * _time.TimestampFrequency);
                bool more;
                do
                {
                    await Task.Delay(_debounce, _time, _stop.Token);
                    more = false;
                    while (reader.TryRead(out var next))
                    {
                        more = true;
                        force |= next.Force;
                        trigger = next.Force ? next.Trigger : trigger;
                    }
                }
                while (more && _time.GetTimestamp() < deadline);

                try
                {
                    await ReloadAsync(trigger, force, _stop.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A reload must never take the proxy down: say so and keep serving.
                    ReloadLog.Failed(_log, trigger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>A hash of every file's bytes, in order; null when one cannot be read now.</summary>
    public static ulong? Fingerprint(IReadOnlyList<string> files)
    {
        var hash = new XxHash64();
        try
        {
            foreach (var file in files)
            {
                hash.Append(File.ReadAllBytes(file));
                hash.Append([0]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return hash.GetCurrentHashAsUInt64();
    }

    private readonly record struct Request(string Trigger, bool Force);
}
