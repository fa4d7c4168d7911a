using Microsoft.Extensions.Logging;

namespace Aileron.Proxying;

/// <summary>
/// The request path's log events. Each message names the event; the arguments are its fields
/// (written key=value, or as JSON members), so an operator can grep the event and read the values.
/// </summary>
internal static partial class ProxyHandlerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "request refused")]
    public static partial void RequestRefused(ILogger logger, int status, string code, string method, string? path, long? contentLength, string client);

    [LoggerMessage(Level = LogLevel.Information, Message = "no route")]
    public static partial void NoRoute(ILogger logger, int status, string code, string method, string? host, string? path, string handler);

    [LoggerMessage(Level = LogLevel.Warning, Message = "no upstream available")]
    public static partial void NoUpstream(ILogger logger, int status, string code, string method, string? path, string lb);

    [LoggerMessage(Level = LogLevel.Warning, Message = "upstream failed before answering, retrying")]
    public static partial void Retrying(
        ILogger logger, int status, string code, string method, string? path, string lb, string upstream, string? error, string retry);

    /// <summary>The upstream answered a status the HTTPClient's retryConfig lists: the answer is dropped and the request sent again.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "upstream answered a retried status, retrying")]
    public static partial void RetryingStatus(ILogger logger, int upstreamStatus, string method, string? path, string lb, string upstream, string retry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "upstream request failed")]
    public static partial void UpstreamFailed(ILogger logger, int status, string code, string method, string? path, string lb, string upstream, string? error);

    [LoggerMessage(
        Level = LogLevel.Warning,
        Message = "a gRPC request went to a cleartext upstream as HTTP/1.1, which gRPC servers do not answer: name an HTTPClient with http2TransportConfig.allowHTTP: true as the handler's roundTripper")]
    public static partial void GrpcWithoutH2c(ILogger logger, string lb, string upstream);

    [LoggerMessage(Level = LogLevel.Debug, Message = "client went away")]
    public static partial void ClientWentAway(ILogger logger, string method, string? path, string lb, string upstream, string? error);

    /// <summary>The response had started: the forwarder cut the client's connection, the only honest signal left.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "upstream response broke off")]
    public static partial void ResponseBrokeOff(ILogger logger, string method, string? path, string lb, string upstream, string? error, string forwarderError);

    [LoggerMessage(Level = LogLevel.Error, Message = "request failed in the proxy")]
    public static partial void InternalError(ILogger logger, string method, string? path, string upstream, string error);
}
