namespace Aileron.Hosting;

/// <summary>Watching by polling alone: the fallback when no file-event watcher is given.</summary>
internal static class FileWatches
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    public static FileWatch Poll(TimeProvider time, TimeSpan? interval = null) =>
        (_, changed) => time.CreateTimer(_ => changed(), null, interval ?? DefaultPollInterval, interval ?? DefaultPollInterval);
}
