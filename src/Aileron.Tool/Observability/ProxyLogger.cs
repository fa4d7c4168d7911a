using Microsoft.Extensions.Logging;

namespace Aileron.Observability;

/// <summary>
/// An <see cref="ILogger"/> for aileron's own components that log through <c>LoggerMessage</c>
/// (the health coordinators): every level the <see cref="ProxyLog"/> lets through is written, as one
/// line with the formatted message. <see cref="FrameworkLoggerProvider"/> is for Kestrel and YARP,
/// whose routine chatter is kept below warning; an upstream coming back is news worth an info line.
/// </summary>
internal sealed class ProxyLogger(ProxyLog log) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => log.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        log.Write(logLevel, formatter(state, exception), exception is null ? [] : [new LogField("error", exception.Message)]);
    }
}
