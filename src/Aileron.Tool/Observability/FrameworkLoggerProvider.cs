using Microsoft.Extensions.Logging;

namespace Aileron.Observability;

/// <summary>
/// Routes the logs of Kestrel and YARP into <see cref="ProxyLog"/>, so every line has one format.
/// Their routine chatter (connection resets, per-request forwarding notes) stays below warning:
/// aileron logs the request outcomes itself, with the fields an operator needs.
/// </summary>
internal sealed class FrameworkLoggerProvider(ProxyLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new FrameworkLogger(log, categoryName);

    public void Dispose()
    {
    }

    private sealed class FrameworkLogger(ProxyLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && log.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            log.Write(
                logLevel,
                formatter(state, exception),
                exception is null
                    ? [new LogField("source", category)]
                    : [new LogField("source", category), new LogField("error", exception.GetType().Name + ": " + exception.Message)]);
        }
    }
}
