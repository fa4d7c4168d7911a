using System.Collections.Concurrent;
using System.Net;
using Aileron.Discovery;

namespace Aileron.Tests.TestSupport;

/// <summary>A resolver whose answers the test sets, name by name; a name set to fail throws as a DNS error would.</summary>
internal sealed class ScriptedResolver : IHostResolver
{
    private readonly ConcurrentDictionary<string, Func<HostAddresses>> _answers = new(StringComparer.Ordinal);
    private int _lookups;

    public int Lookups => Volatile.Read(ref _lookups);

    public void Answer(string name, params string[] addresses) => Answer(name, null, addresses);

    public void Answer(string name, TimeSpan? ttl, params string[] addresses) =>
        _answers[name] = () => new HostAddresses([.. addresses.Select(IPAddress.Parse)], ttl);

    public void Fail(string name) => _answers[name] = () => throw new System.Net.Sockets.SocketException(11001);

    public ValueTask<HostAddresses> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return _answers.TryGetValue(host, out var answer) ? ValueTask.FromResult(answer()) : throw new System.Net.Sockets.SocketException(11001);
    }
}
