using System.Text.Json;
using Aileron.Tests.TestSupport;
using Snapshooter.Xunit;

namespace Aileron.Tests.Commands;

public sealed class SimulateCommandTests
{
    [Fact]
    public async Task Json_output_keeps_the_contract_names()
    {
        var run = await CliRun.RunAsync(
            "simulate", "--algo", "maglev", "--upstreams", "3", "--requests", "3000", "--remove", "2", "--sequence", "4", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(
            ["algorithm", "requests", "keys", "seed", "upstreams", "imbalance", "sequence", "moved", "minimalMoved"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Maglev", root.GetProperty("algorithm").GetString());
        Assert.Equal(3000, root.GetProperty("requests").GetInt32());
        Assert.Equal(4, root.GetProperty("sequence").GetArrayLength());
        Assert.InRange(root.GetProperty("moved").GetDouble(), 0, 1);
        Assert.Equal(1.0 / 3, root.GetProperty("minimalMoved").GetDouble(), 5);
        var upstream = root.GetProperty("upstreams")[0];
        Assert.Equal(["url", "weight", "picks", "share", "expectedShare"], upstream.EnumerateObject().Select(p => p.Name));
        Assert.Equal("http://upstream-1", upstream.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Compare_as_json_is_an_array_with_every_algorithm()
    {
        var run = await CliRun.RunAsync("simulate", "--compare", "--requests", "2000", "--format", "json");

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(
            ["RoundRobin", "Random", "RingHash", "Maglev", "DirectHash", "LeastRequests", "PowerOfTwoChoices"],
            json.RootElement.EnumerateArray().Select(r => r.GetProperty("algorithm").GetString()));
    }

    [Fact]
    public async Task The_same_seed_prints_the_same_bytes_and_another_seed_differs()
    {
        string[] args = ["simulate", "--compare", "--requests", "3000", "--keys", "zipf", "--remove", "1", "--sequence", "5"];

        var first = await CliRun.RunAsync([.. args, "--seed", "9"]);
        var again = await CliRun.RunAsync([.. args, "--seed", "9"]);
        var other = await CliRun.RunAsync([.. args, "--seed", "10"]);

        Assert.Equal(first.Output, again.Output);
        Assert.NotEqual(first.Output, other.Output);
    }

    [Fact]
    public async Task Round_robin_over_the_example_config_goes_8001_to_8005_twice()
    {
        var run = await CliRun.RunAsync("simulate", "-f", TestFiles.Example("config-round-robin.yaml"), "--sequence", "10", "--requests", "1000");

        Assert.Equal(0, run.ExitCode);
        Snapshot.Match(run.Output);
    }

    [Fact]
    public async Task The_table_of_a_comparison_puts_the_algorithms_side_by_side()
    {
        var run = await CliRun.RunAsync("simulate", "--compare", "--weights", "3,1,1", "--requests", "5000", "--remove", "3", "--sequence", "3");

        Assert.Equal(0, run.ExitCode);
        Snapshot.Match(run.Output);
    }

    [Fact]
    public async Task Csv_has_a_row_per_upstream_for_every_load_balancer_of_a_config()
    {
        var run = await CliRun.RunAsync("simulate", "-f", TestFiles.Example("config-direct-hash.yaml"), "--requests", "100", "--format", "csv");

        var lines = run.Output.TrimEnd().Split('\n');
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("default/default[0],DirectHash,http://localhost:8001,1,", lines[1]);
    }

    [Theory]
    [InlineData("--algo", "maglv")]
    [InlineData("--algo", "maglev", "--remove", "9")]
    [InlineData("--algo", "maglev", "--format", "xml")]
    [InlineData("--lb", "1")]
    [InlineData("-f", "no-such-file.yaml")]
    public async Task A_usage_error_is_one_line_on_stderr_and_exits_2(params string[] args)
    {
        var run = await CliRun.RunAsync(["simulate", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
        Assert.StartsWith("aileron: ", run.Error);
    }

    [Fact]
    public async Task An_unparsable_number_exits_2()
    {
        var run = await CliRun.RunAsync("simulate", "--algo", "maglev", "--requests", "many");

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task An_invalid_config_prints_its_diagnostics_and_exits_1()
    {
        var run = await CliRun.RunAsync("simulate", "-f", TestFiles.Path("Configuration/Invalid/unknown-enum.yaml"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error:", run.Error);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public async Task Help_shows_examples()
    {
        var run = await CliRun.RunAsync("simulate", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Examples:", run.Output);
        Assert.Contains("aileron simulate --algo maglev --upstreams 5", run.Output);
    }

    [Fact]
    public async Task Report_writes_an_html_page_and_still_prints_the_chosen_format()
    {
        var path = Path.Combine(Path.GetTempPath(), $"aileron-report-{Guid.NewGuid():N}.html");
        try
        {
            var run = await CliRun.RunAsync("simulate", "--compare", "--requests", "2000", "--remove", "2", "--format", "json", "--report", path);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(string.Empty, run.Error);
            using var json = JsonDocument.Parse(run.Output);
            Assert.Equal(7, json.RootElement.GetArrayLength());
            var page = await File.ReadAllTextAsync(path);
            Assert.StartsWith("<!doctype html>", page, StringComparison.Ordinal);
            Assert.Contains($"<code>aileron simulate --compare --requests 2000 --remove 2 --format json --report {path}</code>", page, StringComparison.Ordinal);
            Assert.Contains(json.RootElement[3].GetProperty("moved").GetDouble().ToString("0.00%", System.Globalization.CultureInfo.InvariantCulture).Replace("%", string.Empty, StringComparison.Ordinal), page, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_report_path_that_cannot_be_written_is_a_usage_error_before_anything_runs()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"aileron-missing-{Guid.NewGuid():N}", "report.html");

        var run = await CliRun.RunAsync("simulate", "--algo", "maglev", "--report", missing);
        var directory = await CliRun.RunAsync("simulate", "--algo", "maglev", "--report", Path.GetTempPath());

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal($"aileron: --report {missing}: no such directory: {Path.GetDirectoryName(missing)}\n", run.Error);
        Assert.Equal(2, directory.ExitCode);
        Assert.StartsWith($"aileron: --report {Path.GetTempPath()}: is a directory", directory.Error, StringComparison.Ordinal);
    }
}
