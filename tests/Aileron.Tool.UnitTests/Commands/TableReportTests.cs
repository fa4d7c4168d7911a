using Aileron.Commands;

namespace Aileron.Tests.Commands;

public sealed class TableReportTests
{
    [Theory]
    [InlineData(1.0, 40)]
    [InlineData(0.5, 20)]
    [InlineData(0.0, 0)]
    public void A_bar_is_40_characters_at_full_share(double fraction, int blocks) =>
        Assert.Equal(new string('█', blocks), TableReport.Bar(fraction));

    [Fact]
    public void A_bar_shows_eighths_of_a_character()
    {
        Assert.Equal("████▌", TableReport.Bar(4.5 / 40));
        Assert.Equal("▏", TableReport.Bar(1.0 / 320));
    }
}
