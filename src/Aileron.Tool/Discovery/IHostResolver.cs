namespace Aileron.Discovery;

/// <summary>Looks host names up: the system's resolver in production, a scripted one in tests.</summary>
internal interface IHostResolver
{
    /// <summary>The addresses of <paramref name="host"/>; throws when the lookup fails.</summary>
    ValueTask<HostAddresses> ResolveAsync(string host, CancellationToken cancellationToken);
}
