using System.Text.Json;
using Aileron.Tests.TestSupport;
using Snapshooter;
using Snapshooter.Xunit;

namespace Aileron.Tests.Commands;

public sealed class ValidateCommandTests
{
    public static TheoryData<string> Examples => [.. TestFiles.ExampleNames];

    public static TheoryData<string> InvalidConfigs =>
    [
        .. Directory.GetFiles(TestFiles.Path(Path.Combine("Configuration", "Invalid")), "*.yaml")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Where(name => name != "unsupported-fields")
            .Order(StringComparer.Ordinal),
    ];

    private static string Invalid(string name) => TestFiles.Path(Path.Combine("Configuration", "Invalid", name + ".yaml"));

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task An_example_config_is_valid_and_exits_zero(string example)
    {
        var run = await CliRun.RunAsync("validate", "-f", TestFiles.Example(example));

        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith(": valid\n", run.Output);
    }

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public async Task An_invalid_config_exits_one_with_positioned_diagnostics(string name)
    {
        var run = await CliRun.RunAsync("validate", "-f", Invalid(name));

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Output + run.Error);
        Snapshot.Match(TestFiles.Stable(run.Output), new SnapshotNameExtension(name));
    }

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public async Task Json_format_writes_the_same_diagnostics_as_an_array(string name)
    {
        var run = await CliRun.RunAsync("validate", "-f", Invalid(name), "--format", "json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(JsonValueKind.Array, json.RootElement.ValueKind);
        Snapshot.Match(TestFiles.Stable(run.Output), new SnapshotNameExtension(name));
    }

    [Fact]
    public async Task Github_format_writes_workflow_annotations()
    {
        var run = await CliRun.RunAsync("validate", "-f", Invalid("unknown-field"), "--format", "github");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"::error file={Invalid("unknown-field")},line=22,col=7::unknown field 'lbAlgoritm'", run.Output);
    }

    [Fact]
    public async Task Fields_aileron_does_not_implement_are_warnings_and_the_config_stays_valid()
    {
        var run = await CliRun.RunAsync("validate", "-f", Invalid("unsupported-fields"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: spec.enableProfile: ignored: not supported by aileron", run.Output);
        Assert.Contains("warning: kind CORSMiddleware is not supported by aileron; ignored: nothing aileron runs refers to it", run.Output);
        Assert.Contains("valid (5 warnings)", run.Output);
    }

    [Fact]
    public async Task A_config_split_over_several_files_is_valid_when_given_together()
    {
        var dir = TestFiles.Path(Path.Combine("Configuration", "Split"));

        var run = await CliRun.RunAsync(
            "validate", "-f", Path.Combine(dir, "entrypoint.yaml"), "-f", Path.Combine(dir, "server.yaml"), Path.Combine(dir, "proxy.yaml"));

        Assert.Equal(0, run.ExitCode);
    }

    [Fact]
    public async Task Part_of_a_split_config_alone_is_invalid()
    {
        var run = await CliRun.RunAsync("validate", "-f", TestFiles.Path(Path.Combine("Configuration", "Split", "server.yaml")));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no ReverseProxyHandler named 'shop/api'", run.Output);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Print_writes_the_effective_config_as_yaml(string example)
    {
        var run = await CliRun.RunAsync("validate", "-f", TestFiles.Example(example), "--print");

        Assert.Equal(0, run.ExitCode);
        Snapshot.Match(run.Output, new SnapshotNameExtension(example));
    }

    [Fact]
    public async Task Print_of_an_invalid_config_prints_only_the_diagnostics()
    {
        var run = await CliRun.RunAsync("validate", "-f", Invalid("bad-url"), "--print");

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("apiVersion", run.Output);
        Assert.Contains("error:", run.Error);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "-f", "/no/such/file.yaml")]
    [InlineData("validate", "-f", "/")]
    [InlineData("validate", "-f", "x.yaml", "--bogus")]
    [InlineData("validate", "--format", "xml", "-f", "x.yaml")]
    [InlineData("frobnicate")]
    public async Task A_usage_error_exits_two_with_a_one_line_reason(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("aileron: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task Help_lists_the_commands_and_shows_an_example()
    {
        var run = await CliRun.RunAsync("validate", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--format", run.Output);
        Assert.Contains("Examples:\n  aileron validate -f config.yaml", run.Output);
    }

    [Fact]
    public async Task Version_prints_the_tool_version()
    {
        var run = await CliRun.RunAsync("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Output);
    }
}
