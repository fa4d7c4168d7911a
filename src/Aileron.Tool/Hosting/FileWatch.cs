namespace Aileron.Hosting;

/// <summary>
/// Starts watching <c>files</c>, calling <c>changed</c> (on any thread, possibly often) when one of
/// them may have changed; disposing the result stops. <c>serve</c> passes the config watcher
/// (file events plus a poll); <see cref="FileWatches.Poll"/> is the fallback.
/// </summary>
internal delegate IDisposable FileWatch(IReadOnlyList<string> files, Action changed);
