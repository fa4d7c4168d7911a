using Aileron.Commands;
using Aileron.Simulation;

namespace Aileron.Tests.Commands;

public sealed class CsvReportTests
{
    [Fact]
    public void Each_upstream_is_one_row_under_a_header_of_the_json_names()
    {
        var report = new SimulationReport
        {
            LoadBalancer = "default/default[0]",
            Algorithm = "Maglev",
            Requests = 4,
            Keys = "uniform",
            Seed = 1,
            Upstreams = [new UpstreamShare("http://a", 1, 3, 0.75, 0.5), new UpstreamShare("http://b,c", 1, 1, 0.25, 0.5)],
            Imbalance = 1.5,
            Moved = 0.5,
            MinimalMoved = 0.25,
        };
        using var output = new StringWriter();

        CsvReport.Write([report], output);

        Assert.Equal(
            """
            loadBalancer,algorithm,url,weight,picks,share,expectedShare,imbalance,moved,minimalMoved
            default/default[0],Maglev,http://a,1,3,0.75,0.5,1.5,0.5,0.25
            default/default[0],Maglev,"http://b,c",1,1,0.25,0.5,1.5,0.5,0.25

            """.ReplaceLineEndings("\n"),
            output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Small_shares_are_written_as_plain_decimals()
    {
        var report = new SimulationReport
        {
            Algorithm = "Maglev",
            Requests = 100_000,
            Keys = "uniform",
            Seed = 1,
            Upstreams = [new UpstreamShare("http://a", 1, 6, 0.00006, 0.0001)],
            Imbalance = 0.6,
        };
        using var output = new StringWriter();

        CsvReport.Write([report], output);

        Assert.EndsWith(",Maglev,http://a,1,6,0.00006,0.0001,0.6,,\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void Fields_are_quoted_only_when_they_must_be(string value, string expected) =>
        Assert.Equal(expected, CsvReport.Field(value));
}
