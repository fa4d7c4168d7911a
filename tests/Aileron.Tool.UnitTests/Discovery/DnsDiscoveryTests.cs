using Aileron.Discovery;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Discovery;

/// <summary>Following names on a fake clock: lookups when due, changes told, failures kept and counted.</summary>
public sealed class DnsDiscoveryTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedResolver _resolver = new();
    private readonly CollectingLogger _log = new();
    private readonly DnsDiscovery _discovery;

    public DnsDiscoveryTests() => _discovery = new DnsDiscovery(_resolver, _time, _log);

    [Fact]
    public async Task A_name_is_looked_up_at_once_and_again_after_its_interval()
    {
        _resolver.Answer("a.test", "127.0.0.1");
        _discovery.Follow(new Dictionary<string, TimeSpan> { ["a.test"] = TimeSpan.FromSeconds(30) });

        Assert.True(await _discovery.RefreshAsync(CancellationToken.None));
        Assert.False(await _discovery.RefreshAsync(CancellationToken.None));
        Assert.Equal(1, _resolver.Lookups);

        _resolver.Answer("a.test", "127.0.0.1", "127.0.0.2");
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await _discovery.RefreshAsync(CancellationToken.None));
        Assert.Equal(["127.0.0.1", "127.0.0.2"], _discovery.Current["a.test"].Select(a => a.ToString()));
    }

    [Fact]
    public async Task A_shorter_time_to_live_brings_the_next_lookup_forward()
    {
        _resolver.Answer("a.test", TimeSpan.FromSeconds(5), "127.0.0.1");
        _discovery.Follow(new Dictionary<string, TimeSpan> { ["a.test"] = TimeSpan.FromSeconds(30) });
        await _discovery.RefreshAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(5));
        await _discovery.RefreshAsync(CancellationToken.None);

        Assert.Equal(2, _resolver.Lookups);
    }

    [Fact]
    public async Task A_failed_lookup_keeps_the_last_addresses_and_is_counted_and_logged()
    {
        _resolver.Answer("a.test", "127.0.0.1");
        _discovery.Follow(new Dictionary<string, TimeSpan> { ["a.test"] = TimeSpan.FromSeconds(1) });
        await _discovery.RefreshAsync(CancellationToken.None);

        _resolver.Fail("a.test");
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await _discovery.RefreshAsync(CancellationToken.None));
        Assert.Equal("127.0.0.1", Assert.Single(_discovery.Current["a.test"]).ToString());
        Assert.Equal(1, _discovery.Failures);
        Assert.Contains(_log.Messages, m => m.Contains("lookup failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_background_loop_tells_each_change_and_a_newly_followed_name_is_looked_up_at_once()
    {
        var changes = 0;
        _resolver.Answer("a.test", "127.0.0.1");
        _resolver.Answer("b.test", "127.0.0.3");
        _discovery.Follow(new Dictionary<string, TimeSpan> { ["a.test"] = TimeSpan.FromSeconds(30) });
        _discovery.Start(() =>
        {
            Interlocked.Increment(ref changes);
            return Task.CompletedTask;
        });
        await Eventually.True(() => Volatile.Read(ref changes) == 1, "the first answer to be told");

        _discovery.Follow(new Dictionary<string, TimeSpan> { ["a.test"] = TimeSpan.FromSeconds(30), ["b.test"] = TimeSpan.FromSeconds(30) });

        await Eventually.True(() => Volatile.Read(ref changes) == 2, "the new name's answer to be told");
        Assert.True(_discovery.Current.ContainsKey("b.test"));
    }

    public async ValueTask DisposeAsync() => await _discovery.DisposeAsync();
}
