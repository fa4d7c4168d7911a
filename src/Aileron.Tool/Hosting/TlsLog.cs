using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>The TLS listeners' log events: certificates loaded, reloaded, and a new file that could not be used.</summary>
internal static partial class TlsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "tls certificates loaded")]
    public static partial void Loaded(ILogger logger, string server, string certificates);

    [LoggerMessage(Level = LogLevel.Information, Message = "tls certificates reloaded: their files changed")]
    public static partial void Reloaded(ILogger logger, string server, string certificates);

    [LoggerMessage(Level = LogLevel.Error, Message = "tls certificates not reloaded: still serving the previous ones")]
    public static partial void ReloadFailed(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "tls connection refused: HTTP/2 negotiated with a cipher suite HTTP/2 prohibits (RFC 9113 9.2.2)")]
    public static partial void ProhibitedCipher(ILogger logger, string server, string cipherSuite);
}
