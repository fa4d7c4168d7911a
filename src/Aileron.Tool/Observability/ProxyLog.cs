using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Aileron.Observability;

/// <summary>
/// The one log of <c>serve</c>, and the logger provider every component logs through: aileron's own
/// events (source-generated <c>[LoggerMessage]</c> methods, one class of them per concern) and the
/// framework's (Kestrel, YARP, kept to warnings and worse). One line per event, either text
/// (<c>2025-01-31T12:00:00.000Z info  message key=value …</c>) or JSON
/// (<c>{"time":…,"level":…,"msg":…,"key":value}</c>). A request only formats its line and queues
/// it: one background writer puts lines out whole and in order, so a slow stdout (a full pipe, a
/// busy terminal) never stalls request threads. If the writer falls <see cref="Capacity"/> lines
/// behind, new lines are dropped and counted, and the count is logged when the log closes.
/// </summary>
internal sealed class ProxyLog : ILoggerProvider, IAsyncDisposable
{
    /// <summary>Lines that may wait for the writer before new ones are dropped.</summary>
    public const int Capacity = 65536;

    /// <summary>How long the writer lets lines gather while they keep coming; what a busy log trails by at most.</summary>
    public static readonly TimeSpan BatchPause = TimeSpan.FromMilliseconds(10);

    private const int BatchChars = 256 * 1024;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions JsonSerializerOptionsRelaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly System.Buffers.SearchValues<char> NeedsQuoting = System.Buffers.SearchValues.Create(" \"=\t\r\n");
    private readonly TextWriter _output;
    private readonly LogLevel _minimum;
    private readonly LogFormat _format;
    private readonly TimeProvider _time;
    private readonly Channel<string> _lines =
        Channel.CreateBounded<string>(new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Task _writer;
    private long _dropped;

    public ProxyLog(TextWriter output, LogLevel minimum, LogFormat format, TimeProvider time)
    {
        _output = output;
        _minimum = minimum;
        _format = format;
        _time = time;
        _writer = minimum == LogLevel.None ? Task.CompletedTask : Task.Run(WriteLinesAsync);
    }

    /// <summary>A log that writes nothing, for tests and embedding.</summary>
    public static ProxyLog None { get; } = new(TextWriter.Null, LogLevel.None, LogFormat.Text, TimeProvider.System);

    public bool IsEnabled(LogLevel level) => level >= _minimum && level != LogLevel.None;

    /// <summary>A logger for <paramref name="categoryName"/>: aileron's own categories (<c>Aileron.*</c>) at every level, the framework's at warning and worse.</summary>
    public ILogger CreateLogger(string categoryName) => new ProxyLogger(this, categoryName);

    /// <summary>A logger for aileron's own events from <typeparamref name="T"/>.</summary>
    public ILogger For<T>() => CreateLogger(typeof(T).FullName ?? typeof(T).Name);

    /// <summary>Queues one line: <paramref name="message"/> and then each field as key=value.</summary>
    public void Write(LogLevel level, string message, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        if (!IsEnabled(level))
        {
            return;
        }

        var line = _format == LogFormat.Json ? FormatJson(level, message, fields) : FormatText(level, message, fields);
        if (!_lines.Writer.TryWrite(line))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>The host disposes providers it was given; the owner of this log closes it with <see cref="DisposeAsync"/>.</summary>
    void IDisposable.Dispose()
    {
    }

    /// <summary>Writes out every line queued so far, then stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped > 0)
        {
            Write(LogLevel.Warning, "log lines dropped: the log output could not keep up", [new("dropped", dropped)]);
        }

        _lines.Writer.TryComplete();
        await _writer;
    }

    /// <summary>
    /// Lines go out in batches: one write (one system call on stdout, which flushes every write)
    /// for all the lines queued, and while lines keep coming, a short pause to let the next batch
    /// gather, as nginx's <c>access_log … flush=</c> does. Without it, an access log woke this
    /// writer and wrote once per request.
    /// </summary>
    private async Task WriteLinesAsync()
    {
        var reader = _lines.Reader;
        var batch = new StringBuilder();
        while (await reader.WaitToReadAsync())
        {
            var count = 0;
            while (batch.Length < BatchChars && reader.TryRead(out var line))
            {
                batch.AppendLine(line);
                count++;
            }

            _output.Write(batch.ToString());
            _output.Flush();
            batch.Clear();
            if (count > 1)
            {
                await Task.Delay(BatchPause);
            }
        }
    }

    /// <summary>The level names both formats use: debug, info, warn, error.</summary>
    public static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "fatal",
    };

    private string Timestamp() => _time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private string FormatText(LogLevel level, string message, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        var sb = new StringBuilder(128).Append(Timestamp()).Append(' ').Append(LevelName(level).PadRight(5)).Append(' ').Append(message);
        foreach (var field in fields)
        {
            sb.Append(' ').Append(field.Key).Append('=');
            var value = Text(field.Value);
            if (value.Length == 0 || value.AsSpan().IndexOfAny(NeedsQuoting) >= 0)
            {
                sb.Append(JsonSerializer.Serialize(value, JsonSerializerOptionsRelaxed));
            }
            else
            {
                sb.Append(value);
            }
        }

        return sb.ToString();
    }

    private string FormatJson(LogLevel level, string message, IEnumerable<KeyValuePair<string, object?>> fields)
    {
        using var buffer = new MemoryStream(256);
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", Timestamp());
            json.WriteString("level", LevelName(level));
            json.WriteString("msg", message);
            foreach (var field in fields)
            {
                switch (field.Value)
                {
                    case null:
                        json.WriteNull(field.Key);
                        break;
                    case int or long or double:
                        json.WriteNumber(field.Key, Convert.ToDouble(field.Value, CultureInfo.InvariantCulture));
                        break;
                    case bool flag:
                        json.WriteBoolean(field.Key, flag);
                        break;
                    default:
                        json.WriteString(field.Key, Text(field.Value));
                        break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
