using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Aileron.Observability;

/// <summary>
/// The <see cref="ILogger"/> of one category, writing into <see cref="ProxyLog"/>. An aileron event
/// (<c>[LoggerMessage]</c>) is its message followed by the arguments the message does not spell
/// out, as fields named in snake_case (<c>durationMs</c> is written <c>duration_ms</c>): most of
/// aileron's messages name the event ("access", "upstream request failed") and carry everything
/// else as fields. The framework's routine chatter (connection resets, per-request notes) stays
/// below warning, since aileron logs request outcomes itself; what it does log carries its source.
/// </summary>
internal sealed class ProxyLogger(ProxyLog log, string category) : ILogger
{
    private const string OriginalFormat = "{OriginalFormat}";

    private static readonly ConcurrentDictionary<string, string> SnakeCase = new(StringComparer.Ordinal);

    private readonly bool _aileron = category.StartsWith("Aileron", StringComparison.Ordinal);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => (_aileron || logLevel >= LogLevel.Warning) && log.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var fields = new List<KeyValuePair<string, object?>>();
        if (!_aileron)
        {
            fields.Add(new("source", category));
        }
        else if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
        {
            var template = values.Count > 0 && values[^1].Key == OriginalFormat ? values[^1].Value as string ?? string.Empty : string.Empty;
            foreach (var (key, value) in values)
            {
                if (key != OriginalFormat && !template.Contains('{' + key + '}', StringComparison.OrdinalIgnoreCase))
                {
                    fields.Add(new(ToSnakeCase(key), value));
                }
            }
        }

        if (exception is not null)
        {
            fields.Add(new("error", _aileron ? exception.Message : exception.GetType().Name + ": " + exception.Message));
        }

        log.Write(logLevel, formatter(state, exception), fields);
    }

    /// <summary><c>durationMs</c> → <c>duration_ms</c>; names already in snake_case stay as they are.</summary>
    public static string ToSnakeCase(string name) => SnakeCase.GetOrAdd(name, static n =>
    {
        var sb = new StringBuilder(n.Length + 4);
        foreach (var c in n)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                if (sb.Length > 0)
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    });
}
