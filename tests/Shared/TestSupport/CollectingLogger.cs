using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Aileron.Tests.TestSupport;

/// <summary>An <see cref="ILogger"/> that keeps every message, to assert what was logged.</summary>
internal sealed class CollectingLogger : ILogger
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public IEnumerable<string> Messages => _entries.Select(e => e.Message);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue((logLevel, formatter(state, exception)));
}
