using Aileron.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Aileron.Tests.Observability;

public sealed class ProxyLogTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2025, 1, 31, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_text_line_has_time_level_message_and_fields_quoting_values_with_spaces()
    {
        var output = new CountingWriter();
        await using (var log = new ProxyLog(output, LogLevel.Information, LogFormat.Text, Time))
        {
            log.Write(LogLevel.Information, "access", [new("method", "GET"), new("path", "/a b"), new("status", 200), new("ms", 1.5)]);
        }

        Assert.Equal("2025-01-31T12:00:00.000Z info  access method=GET path=\"/a b\" status=200 ms=1.5\n", output.Text);
    }

    [Fact]
    public async Task A_json_line_is_one_object_with_numbers_as_numbers()
    {
        var output = new CountingWriter();
        await using (var log = new ProxyLog(output, LogLevel.Information, LogFormat.Json, Time))
        {
            log.Write(LogLevel.Warning, "no upstream available", [new("status", 503), new("lb", "default/default[0]"), new("upstream", null)]);
        }

        Assert.Equal(
            """{"time":"2025-01-31T12:00:00.000Z","level":"warn","msg":"no upstream available","status":503,"lb":"default/default[0]","upstream":null}""" + "\n",
            output.Text);
    }

    [Fact]
    public async Task Lines_below_the_minimum_level_are_not_written()
    {
        var output = new CountingWriter();
        await using (var log = new ProxyLog(output, LogLevel.Warning, LogFormat.Text, Time))
        {
            log.Write(LogLevel.Information, "hidden", []);
            log.Write(LogLevel.Error, "shown", []);
        }

        Assert.Equal("2025-01-31T12:00:00.000Z error shown\n", output.Text);
    }

    [Fact]
    public async Task A_busy_log_goes_out_whole_and_in_order_in_far_fewer_writes_than_lines()
    {
        const int lines = 20_000;
        var output = new CountingWriter();
        await using (var log = new ProxyLog(output, LogLevel.Information, LogFormat.Text, Time))
        {
            for (var i = 0; i < lines; i++)
            {
                log.Write(LogLevel.Information, "access", [new("n", i)]);
            }
        }

        var written = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, lines).Select(i => $"2025-01-31T12:00:00.000Z info  access n={i}"), written);
        Assert.True(output.Writes < lines / 10, $"{output.Writes} writes for {lines} lines");
    }

    [Fact]
    public async Task An_event_is_its_message_then_the_arguments_the_message_does_not_spell_out_in_snake_case()
    {
        var output = new CountingWriter();
        await using (var log = new ProxyLog(output, LogLevel.Debug, LogFormat.Text, Time))
        {
            var logger = log.For<ProxyLogTests>();
            Events.Access(logger, "GET", 200, 1.25);
            Events.Down(logger, "http://a", 3);
        }

        Assert.Equal(
            "2025-01-31T12:00:00.000Z info  access method=GET status=200 duration_ms=1.25\n"
            + "2025-01-31T12:00:00.000Z warn  upstream http://a is down load_balancers=3\n",
            output.Text);
    }

    [Fact]
    public async Task Framework_logs_below_warning_are_dropped_and_the_rest_name_their_source()
    {
        var output = new CountingWriter();
        await using (var log = new ProxyLog(output, LogLevel.Debug, LogFormat.Text, Time))
        {
            var kestrel = log.CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
            Events.Chatter(kestrel, "connection reset");
            Events.Trouble(kestrel, "heartbeat slow");
        }

        Assert.Equal("2025-01-31T12:00:00.000Z warn  trouble: heartbeat slow source=Microsoft.AspNetCore.Server.Kestrel\n", output.Text);
    }

    /// <summary>A writer that keeps what it was given and counts the calls that would each be a system call on stdout.</summary>
    private sealed class CountingWriter : StringWriter
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public string Text => ToString();

        public override void Write(string? value)
        {
            Interlocked.Increment(ref _writes);
            base.Write(value);
        }

        public override void WriteLine(string? value)
        {
            Interlocked.Increment(ref _writes);
            base.WriteLine(value);
        }
    }
}

/// <summary>Events as the tool declares its own.</summary>
internal static partial class Events
{
    [LoggerMessage(Level = LogLevel.Information, Message = "access")]
    public static partial void Access(ILogger logger, string method, int status, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "upstream {Url} is down")]
    public static partial void Down(ILogger logger, string url, int loadBalancers);

    [LoggerMessage(Level = LogLevel.Debug, Message = "chatter: {What}")]
    public static partial void Chatter(ILogger logger, string what);

    [LoggerMessage(Level = LogLevel.Warning, Message = "trouble: {What}")]
    public static partial void Trouble(ILogger logger, string what);
}
