using Aileron.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>What every <see cref="ProxyServer"/> of a host shares: Kestrel's services and logging, the clock, and how files are watched.</summary>
internal sealed record ServerEnvironment(IServiceProvider Services, ILoggerFactory Loggers, ProxyLog Log, TimeProvider Time, FileWatch Watch)
    : IAsyncDisposable
{
    /// <param name="watch">How certificate files are watched; null polls them.</param>
    public static ServerEnvironment Create(ProxyLog log, TimeProvider time, FileWatch? watch)
    {
        var services = ServerServices.Create(log, time);
        return new ServerEnvironment(services, services.GetRequiredService<ILoggerFactory>(), log, time, watch ?? FileWatches.Poll(time));
    }

    public ValueTask DisposeAsync() => Services is IAsyncDisposable services ? services.DisposeAsync() : ValueTask.CompletedTask;
}
