using Microsoft.Extensions.Logging;

namespace Aileron.Reload;

/// <summary>The config reloader's log events: every diagnostic of a rejected config, and what each reload did.</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(Message = "config reload rejected")]
    public static partial void Diagnostic(ILogger logger, LogLevel level, string diagnostic);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload rejected: still serving the previous config")]
    public static partial void InvalidConfig(ILogger logger, string trigger, int errors, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "config warning")]
    public static partial void Warning(ILogger logger, string diagnostic);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload rejected: still serving the previous config")]
    public static partial void Rejected(ILogger logger, string trigger, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "config reloaded")]
    public static partial void Reloaded(ILogger logger, string trigger, int servers, int loadBalancers, int upstreams, string bound, string unbound);

    [LoggerMessage(Level = LogLevel.Error, Message = "config reload failed: still serving the previous config")]
    public static partial void Failed(ILogger logger, string trigger, string error);
}
