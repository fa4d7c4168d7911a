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
            log.Info("access", new LogField("method", "GET"), new LogField("path", "/a b"), new LogField("status", 200), new LogField("ms", 1.5));
        }

        Assert.Equal("2025-01-31T12:00:00.000Z info  access method=GET path=\"/a b\" status=200 ms=1.5\n", output.Text);
    }

    [Fact]
    public async Task A_json_line_is_one_object_with_numbers_as_numbers()
    {
        var output = new CountingWriter();
        await using (var log = new ProxyLog(output, LogLevel.Information, LogFormat.Json, Time))
        {
            log.Warn("no upstream available", new LogField("status", 503), new LogField("lb", "default/default[0]"), new LogField("upstream", null));
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
            log.Info("hidden");
            log.Error("shown");
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
                log.Info("access", new LogField("n", i));
            }
        }

        var written = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, lines).Select(i => $"2025-01-31T12:00:00.000Z info  access n={i}"), written);
        Assert.True(output.Writes < lines / 10, $"{output.Writes} writes for {lines} lines");
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
