using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Reload;

/// <summary>The real CLI under SIGHUP: the config files are read again, and a changed file is reloaded without it.</summary>
public sealed class ReloadSignalTests
{
    [Fact]
    public async Task SIGHUP_reloads_the_config_files_and_a_changed_file_is_reloaded_without_it()
    {
        await using var first = await TestUpstream.AnsweringAsync("first");
        await using var second = await TestUpstream.AnsweringAsync("second");
        using var config = new TempConfig(TestConfig.Simple(TestConfig.LoadBalancer([first.Url])));
        await using var aileron = AileronProcess.Start("serve", "-f", config.Path);
        var port = await aileron.WaitForListeningAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        aileron.Signal("HUP");
        await aileron.WaitForOutputAsync("config reloaded trigger=SIGHUP", "the SIGHUP reload", 15_000);
        Assert.Equal("first", await client.GetStringAsync("/"));

        File.WriteAllText(config.Path, TestConfig.Simple(TestConfig.LoadBalancer([second.Url])));
        await aileron.WaitForOutputAsync("config reloaded trigger=file", "the file reload", 15_000);

        Assert.Equal("second", await client.GetStringAsync("/"));
        aileron.Signal("TERM");
        Assert.Equal(0, await aileron.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task SIGHUP_reloads_a_proxy_started_under_nohup_as_nginx_does()
    {
        await using var first = await TestUpstream.AnsweringAsync("first");
        using var config = new TempConfig(TestConfig.Simple(TestConfig.LoadBalancer([first.Url])));
        await using var aileron = AileronProcess.StartUnderNohup("serve", "-f", config.Path);
        await aileron.WaitForListeningAsync();

        // nohup left SIGHUP ignored, and .NET keeps an ignored signal ignored unless told otherwise.
        aileron.Signal("HUP");

        await aileron.WaitForOutputAsync("config reloaded trigger=SIGHUP", "the SIGHUP reload", 15_000);
        aileron.Signal("TERM");
        Assert.Equal(0, await aileron.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }
}
