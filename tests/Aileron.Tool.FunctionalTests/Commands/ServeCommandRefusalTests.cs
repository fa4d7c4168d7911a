using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Commands;

/// <summary>
/// <c>aileron serve</c> refuses a config that needs AILERON kinds it does not run, naming each kind in
/// one line, as validate does. Functional tests: the real CLI in its own process.
/// </summary>
public sealed class ServeCommandRefusalTests
{
    [Fact]
    public async Task Serve_names_each_kind_it_does_not_run_and_exits_1()
    {
        using var config = new TempConfig(AileronYaml.StaticFilesBehindMiddleware);
        await using var aileron = AileronProcess.Start("serve", "-f", config.Path);

        var exit = await aileron.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exit);
        var errors = aileron.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(": error: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, l => l.Contains("error: kind HeaderPolicyMiddleware is not supported by aileron", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains("error: kind StaticFileHandler is not supported by aileron", StringComparison.Ordinal));
    }
}
