using Aileron.Reload;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Reload;

/// <summary>The watcher says "look" for the config files: on its poll, whatever the file system reports.</summary>
public sealed class ConfigWatcherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aileron-watch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_watcher_polls_too_for_changes_no_event_reports()
    {
        var path = Path.Combine(_dir, "config.yaml");
        File.WriteAllText(path, "kind: Entrypoint\n");
        var time = new FakeTimeProvider();
        var calls = 0;
        using var watcher = new ConfigWatcher([path], () => Interlocked.Increment(ref calls), TimeSpan.FromSeconds(5), time);

        time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(2, calls);
        Assert.Contains(_dir, watcher.Directories);
    }
}
