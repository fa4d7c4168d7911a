using Aileron.Configuration.Model;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>
/// Takes what a proxy served from out of service: drains a listener for up to its
/// <c>shutdownTimeout</c>, closes listeners at once, and retires the configuration a reload replaced
/// once the listeners it dropped are drained and its last request has ended. Apart from
/// <see cref="ProxyHost"/>, which decides when; this owns how, and the configurations still on their
/// way out.
/// </summary>
internal sealed class ServerRetirement : IDisposable
{
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly HealthFeedback _feedback;
    private readonly UpstreamClients _clients;
    private readonly Func<ProxyRuntime> _serving;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(ProxyRuntime Runtime, Task Retired)> _retiring = [];

    /// <param name="log">The host's log: drains and retirements are the host's events.</param>
    /// <param name="time">Times the drains.</param>
    /// <param name="feedback">Stops feeding forwarding outcomes to a retired configuration's coordinators.</param>
    /// <param name="clients">Lets go of the upstream connections only a retired configuration needed.</param>
    /// <param name="serving">The configuration serving now, whose connections are kept.</param>
    public ServerRetirement(ILogger log, TimeProvider time, HealthFeedback feedback, UpstreamClients clients, Func<ProxyRuntime> serving)
    {
        _log = log;
        _time = time;
        _feedback = feedback;
        _clients = clients;
        _serving = serving;
    }

    /// <summary>Closes <paramref name="servers"/> at once: a token already cancelled ends their drain before it begins.</summary>
    public static async Task StopNowAsync(IEnumerable<ProxyServer> servers)
    {
        foreach (var server in servers)
        {
            await server.StopAsync(new CancellationToken(canceled: true));
        }
    }

    /// <summary>Stops accepting on one server and lets its requests finish, up to its <c>shutdownTimeout</c> or <paramref name="force"/>.</summary>
    public async Task DrainAsync(ProxyServer server, CancellationToken force)
    {
        var timeout = TimeSpan.FromSeconds(server.Config.Spec.ShutdownTimeout);
        HostLog.Draining(_log, HostLog.ServerName(server.Config), DurationParser.Format(timeout));
        var began = _time.GetTimestamp();
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, force);
        await server.StopAsync(either.Token);
        if (either.IsCancellationRequested)
        {
            HostLog.DrainCutShort(_log, HostLog.ServerName(server.Config), Math.Round(_time.GetElapsedTime(began).TotalMilliseconds));
        }
    }

    /// <summary>
    /// Retires <paramref name="old"/>, which a reload replaced and whose engines have stopped probing,
    /// together with the listeners <paramref name="removed"/> the new config no longer has; forgets
    /// retirements already done. Called under the host's reload lock.
    /// </summary>
    public void Retire(ProxyRuntime old, IReadOnlyList<ProxyServer> removed)
    {
        _retiring.RemoveAll(r => r.Retired.IsCompleted);
        _retiring.Add((old, RetireAsync(old, removed)));
    }

    /// <summary>The host is stopping: cuts the retirements under way short and waits for them to end.</summary>
    public async Task CutShortAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_retiring.Select(r => r.Retired));
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>
    /// Drains the listeners a reload dropped and waits for the last request on the old configuration
    /// (told by that request, not polled); then lets go of it and of the upstream connections no
    /// configuration still serving needs.
    /// </summary>
    private async Task RetireAsync(ProxyRuntime old, IReadOnlyList<ProxyServer> removed)
    {
        await Task.WhenAll(removed.Select(async server =>
        {
            HostLog.StoppedListening(_log, HostLog.ServerName(server.Config), server.Config.Listen.Text);
            await DrainAsync(server, _stop.Token);
            await server.DisposeAsync();
        }));
        old.Requests.Retire();
        try
        {
            await old.Requests.DrainedAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The host is stopping: its own drain has ended every request.
        }

        _feedback.Remove(old);
        await old.DisposeAsync();
        _clients.Retain([_serving(), .. _retiring.Select(r => r.Runtime).Where(r => r != old)]);
    }
}
