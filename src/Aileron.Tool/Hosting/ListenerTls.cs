using System.IO.Hashing;
using Aileron.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>
/// The certificates a TLS listener serves, swapped whole and without a restart: when their files
/// change (written in place, replaced by a rename, or behind a Kubernetes ConfigMap's <c>..data</c>
/// symlink), and when a config reload gives the listener new TLS settings. Every handshake reads the
/// credentials current at its start. A file that changes into something unusable (half-written,
/// a key that does not match) is logged and the previous certificates keep serving; the next change
/// is tried again.
/// </summary>
internal sealed class ListenerTls : IDisposable
{
    /// <summary>How long files must be quiet after a change before they are read: a rotation writes several.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(200);

    private readonly string _server;
    private readonly ILogger _log;
    private readonly FileWatch _watch;
    private readonly ITimer _debounce;
    private readonly Lock _gate = new();
    private TlsServerSettings _settings;
    private TlsServerCredentials? _current;
    private IDisposable? _watching;
    private ulong? _loaded;
    private ulong? _failed;
    private bool _disposed;

    public ListenerTls(string server, TlsServerSettings settings, FileWatch watch, ILogger log, TimeProvider time)
    {
        _server = server;
        _settings = settings;
        _watch = watch;
        _log = log;
        _debounce = time.CreateTimer(static s => ((ListenerTls)s!).Refresh(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The credentials handshakes use now; null before <see cref="Load"/>.</summary>
    public TlsServerCredentials? Current => Volatile.Read(ref _current);

    /// <summary>Kestrel's per-handshake callback: the current credentials, chosen by the client's SNI.</summary>
    public TlsHandshakeCallbackOptions CallbackOptions() => new()
    {
        OnConnection = context => ValueTask.FromResult(
            (Current ?? throw new InvalidOperationException("TLS credentials not loaded")).Select(context.ClientHelloInfo.ServerName)),
    };

    /// <summary>Reads the files and starts watching them; throws <see cref="TlsLoadException"/> when one cannot be used.</summary>
    public void Load()
    {
        lock (_gate)
        {
            Apply(_settings, reloaded: false);
        }
    }

    /// <summary>
    /// Reads <paramref name="next"/>'s files without serving them yet: throws <see cref="TlsLoadException"/>
    /// when one cannot be used (a config reload is then rejected); else returns the swap to commit.
    /// </summary>
    public Action Prepare(TlsServerSettings next)
    {
        var fingerprint = Fingerprint(next);
        var credentials = TlsServerCredentials.Load(next);
        return () =>
        {
            lock (_gate)
            {
                _settings = next;
                Swap(credentials, fingerprint, reloaded: false);
            }
        };
    }

    /// <summary>Files may have changed: read them after they have been quiet for <see cref="Debounce"/>.</summary>
    public void Changed() => _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);

    /// <summary>Reads the files now when their bytes differ from what is served (and from what failed last).</summary>
    public void Refresh()
    {
        lock (_gate)
        {
            if (_disposed || _current is null)
            {
                return;
            }

            var fingerprint = Fingerprint(_settings);
            if (fingerprint is null || fingerprint == _loaded || fingerprint == _failed)
            {
                return;
            }

            try
            {
                Apply(_settings, reloaded: true);
            }
            catch (TlsLoadException e)
            {
                _failed = fingerprint;
                TlsLog.ReloadFailed(_log, _server, e.Message);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _watching?.Dispose();
            _debounce.Dispose();
        }
    }

    private void Apply(TlsServerSettings settings, bool reloaded)
    {
        var fingerprint = Fingerprint(settings);
        Swap(TlsServerCredentials.Load(settings), fingerprint, reloaded);
    }

    private void Swap(TlsServerCredentials credentials, ulong? fingerprint, bool reloaded)
    {
        Volatile.Write(ref _current, credentials);
        (_loaded, _failed) = (fingerprint, null);
        var described = string.Join(' ', credentials.Certificates.Select(c => $"{c.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)}(until {c.NotAfter:yyyy-MM-dd})"));
        if (reloaded)
        {
            TlsLog.Reloaded(_log, _server, described);
        }
        else
        {
            TlsLog.Loaded(_log, _server, described);
        }

        // A ConfigMap swap moves the files' real directory: watch where they are now.
        _watching?.Dispose();
        _watching = _disposed ? null : _watch([.. _settings.Files.Distinct(StringComparer.Ordinal)], Changed);
    }

    /// <summary>A hash of every file's bytes; null when one cannot be read now (in the middle of a rename).</summary>
    private static ulong? Fingerprint(TlsServerSettings settings)
    {
        var hash = new XxHash64();
        try
        {
            foreach (var file in settings.Files)
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
}
