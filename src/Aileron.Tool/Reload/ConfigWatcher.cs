namespace Aileron.Reload;

/// <summary>
/// Tells when any config file may have changed, whichever way it was changed: written in place,
/// replaced by a rename (editors, <c>kubectl cp</c>), or swapped behind a symlink (a Kubernetes
/// ConfigMap volume renames its <c>..data</c> link, so the file itself never gets an event). It
/// watches directories, not files: the one each path is in and the one its symlinks finally lead
/// to, and reacts to an entry of the file's name or a <c>..</c> name (the ConfigMap's). A poll
/// catches what the file system does not report (network mounts, a dropped inotify queue).
/// Callers compare contents: an event says "look", not "changed".
/// </summary>
internal sealed class ConfigWatcher : IDisposable
{
    private readonly IReadOnlyList<string> _files;
    private readonly Action _changed;
    private readonly ITimer _poll;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(StringComparer.Ordinal);
    private Dictionary<string, HashSet<string>> _names = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <param name="changed">Called on a thread-pool or watcher thread, possibly many times for one change.</param>
    public ConfigWatcher(IReadOnlyList<string> files, Action changed, TimeSpan pollInterval, TimeProvider time)
    {
        _files = [.. files.Select(Path.GetFullPath)];
        _changed = changed;
        Refresh();
        _poll = time.CreateTimer(_ => changed(), null, pollInterval, pollInterval);
    }

    /// <summary>Directories watched now, for tests and logs.</summary>
    public IReadOnlyCollection<string> Directories
    {
        get
        {
            lock (_gate)
            {
                return [.. _watchers.Keys];
            }
        }
    }

    /// <summary>Watches where the files and their symlink targets are now (a ConfigMap swap moves the target).</summary>
    public void Refresh()
    {
        var names = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in _files)
        {
            foreach (var path in new[] { file, FinalTarget(file) })
            {
                if (path is null || Path.GetDirectoryName(path) is not { } dir || !Directory.Exists(dir))
                {
                    continue;
                }

                if (!names.TryGetValue(dir, out var set))
                {
                    names[dir] = set = new HashSet<string>(StringComparer.Ordinal);
                }

                set.Add(Path.GetFileName(path));
            }
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _names = names;
            foreach (var gone in _watchers.Keys.Where(d => !names.ContainsKey(d)).ToList())
            {
                _watchers[gone].Dispose();
                _watchers.Remove(gone);
            }

            foreach (var dir in names.Keys.Where(d => !_watchers.ContainsKey(d)))
            {
                _watchers[dir] = Watch(dir);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var watcher in _watchers.Values)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
        }

        _poll.Dispose();
    }

    private FileSystemWatcher Watch(string dir)
    {
        var watcher = new FileSystemWatcher(dir)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime | NotifyFilters.Attributes,
            IncludeSubdirectories = false,
        };
        FileSystemEventHandler onEvent = (_, e) => OnEntry(dir, e.Name);
        watcher.Changed += onEvent;
        watcher.Created += onEvent;
        watcher.Deleted += onEvent;
        watcher.Renamed += (_, e) =>
        {
            OnEntry(dir, e.OldName);
            OnEntry(dir, e.Name);
        };

        // Events were lost (the inotify queue overflowed): anything may have changed.
        watcher.Error += (_, _) => _changed();
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    private void OnEntry(string dir, string? name)
    {
        if (name is null)
        {
            return;
        }

        bool relevant;
        lock (_gate)
        {
            relevant = name.StartsWith("..", StringComparison.Ordinal)
                || (_names.TryGetValue(dir, out var set) && set.Contains(name));
        }

        if (relevant)
        {
            _changed();
        }
    }

    /// <summary>Where a chain of symlinks ends; null when the path is no link or cannot be resolved now.</summary>
    private static string? FinalTarget(string path)
    {
        try
        {
            return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
