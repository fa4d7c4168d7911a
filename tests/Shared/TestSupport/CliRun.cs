namespace Aileron.Tests.TestSupport;

/// <summary>Runs the aileron command line in-process and captures what it writes.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Program.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
