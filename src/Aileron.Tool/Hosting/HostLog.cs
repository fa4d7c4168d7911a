using Aileron.Configuration.Model;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>The proxy host's log events: what serves where, draining and stopping, reloads' listener changes.</summary>
internal static partial class HostLog
{
    /// <summary>How these events name an HTTPServer: <c>namespace/name</c>.</summary>
    public static string ServerName(ServerConfig server) => $"{server.Id.Namespace}/{server.Id.Name}";

    [LoggerMessage(Level = LogLevel.Information, Message = "load balancer")]
    public static partial void LoadBalancer(ILogger logger, string name, string algorithm, string match, string upstreams);

    [LoggerMessage(Level = LogLevel.Information, Message = "listening")]
    public static partial void Listening(ILogger logger, string server, string addr, string urls, string loadBalancers);

    [LoggerMessage(Level = LogLevel.Information, Message = "admin listening")]
    public static partial void AdminListening(ILogger logger, string addr, string urls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the admin listener is not on a loopback address: whoever reaches it can read upstream state and metrics")]
    public static partial void AdminNotLoopback(ILogger logger, string addr);

    [LoggerMessage(Level = LogLevel.Information, Message = "draining")]
    public static partial void Draining(ILogger logger, string server, string timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "drain cut short: connections still open were closed")]
    public static partial void DrainCutShort(ILogger logger, string server, double waitedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "stopped listening: the config no longer has this address")]
    public static partial void StoppedListening(ILogger logger, string server, string addr);

    [LoggerMessage(Level = LogLevel.Error, Message = "upstream endpoints not applied: still serving the previous ones")]
    public static partial void EndpointsRejected(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "changed but only applied by a restart")]
    public static partial void RestartNeeded(ILogger logger, string field);
}
