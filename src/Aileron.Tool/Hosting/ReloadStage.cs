using Aileron.Configuration.Model;
using Aileron.Hosting.Listening;

namespace Aileron.Hosting;

/// <summary>
/// Everything a reload built before committing: the config and its engines, the listeners it keeps,
/// binds and drops. Its own type because binding the new listeners is the one step after building
/// that can still fail, and it must undo itself without touching what serves now.
/// </summary>
internal sealed record ReloadStage(
    ProxyConfig Next, ProxyRuntime Runtime, ListenerPlan Plan, IReadOnlyList<KeptServer> Kept, IReadOnlyList<ProxyServer> Added)
{
    /// <summary>Binds the new listeners; on a failure closes those already bound and says why.</summary>
    public async Task<string?> BindAsync(CancellationToken cancellationToken)
    {
        var bound = new List<ProxyServer>();
        foreach (var server in Added)
        {
            try
            {
                await server.StartAsync(cancellationToken);
                bound.Add(server);
            }
            catch (Exception e) when (e is ListenException or OperationCanceledException)
            {
                await ServerRetirement.StopNowAsync(bound);
                foreach (var created in Added)
                {
                    await created.DisposeAsync();
                }

                return e is ListenException ? $"{e.Message}: changing this listener needs a restart" : "the reload was cancelled";
            }
        }

        return null;
    }
}
