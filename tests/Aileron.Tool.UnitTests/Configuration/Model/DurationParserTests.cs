using Aileron.Configuration.Model;

namespace Aileron.Tests.Configuration.Model;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("5s", 5000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1500)]
    [InlineData("10", 10_000)]
    public void Parses_units_and_bare_seconds(string text, int milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));

        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("5d")]
    [InlineData("")]
    public void Rejects_what_is_not_a_duration(string text) => Assert.False(DurationParser.TryParse(text, out _));

    [Theory]
    [InlineData(250, "250ms")]
    [InlineData(5000, "5s")]
    [InlineData(120_000, "2m")]
    [InlineData(7_200_000, "2h")]
    [InlineData(1500, "1500ms")]
    public void Formats_in_the_largest_exact_unit(int milliseconds, string text) =>
        Assert.Equal(text, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
