using Microsoft.Extensions.Logging;

namespace Aileron.Discovery;

/// <summary>What DNS discovery tells the operator: endpoints that change, lookups that fail.</summary>
internal static partial class DiscoveryLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "upstream endpoints changed")]
    public static partial void Changed(ILogger logger, string name, string addresses);

    [LoggerMessage(Level = LogLevel.Warning, Message = "upstream name lookup failed: keeping the last addresses")]
    public static partial void LookupFailed(ILogger logger, string name, string error, string kept);
}
