using Microsoft.Extensions.Logging;

namespace Aileron.Observability;

/// <summary>
/// <c>serve --access-log</c>: one info line per answered request. Written through the same log as
/// everything else; with the access log off, or the level above info, a request costs nothing here.
/// </summary>
internal static partial class AccessLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "access")]
    public static partial void Write(ILogger logger, string method, string? path, int status, string upstream, double durationMs, string client);
}
