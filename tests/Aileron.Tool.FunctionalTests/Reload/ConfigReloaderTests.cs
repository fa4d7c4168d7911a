using Aileron.Hosting;
using Aileron.Observability;
using Aileron.Reload;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Aileron.Tests.Reload;

/// <summary>
/// The config files watched on disk: every way a file gets replaced reloads it, a burst of writes
/// reloads once, and an invalid file is rejected with validate's diagnostics while the old config serves.
/// </summary>
public sealed class ConfigReloaderTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aileron-reload-").FullName;
    private readonly LogCapture _lines = new();
    private readonly List<TestUpstream> _upstreams = [];
    private ProxyLog _log = null!;
    private TestUpstream _first = null!;
    private TestUpstream _second = null!;

    public async Task InitializeAsync()
    {
        _log = new ProxyLog(_lines, LogLevel.Information, LogFormat.Text, TimeProvider.System);
        _first = await Upstream("first");
        _second = await Upstream("second");
    }

    public async Task DisposeAsync()
    {
        foreach (var upstream in _upstreams)
        {
            await upstream.DisposeAsync();
        }

        await _log.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_file_written_in_place_is_reloaded()
    {
        var path = Write("config.yaml", Config(_first));
        await using var running = await ServeAsync(path);

        File.WriteAllText(path, Config(_second));

        await ExpectServedAsync(running.Proxy, "second");
    }

    [Fact]
    public async Task A_file_replaced_by_a_rename_is_reloaded()
    {
        var path = Write("config.yaml", Config(_first));
        await using var running = await ServeAsync(path);

        var temporary = Write(".config.yaml.tmp", Config(_second));
        File.Move(temporary, path, overwrite: true);

        await ExpectServedAsync(running.Proxy, "second");
    }

    [Fact]
    public async Task A_configmap_volume_swapping_its_data_symlink_is_reloaded()
    {
        // As the kubelet lays it out: config.yaml -> ..data/config.yaml, ..data -> ..<timestamp>.
        Directory.CreateDirectory(Path.Combine(_dir, "..2025_01_01_00_00_00.1"));
        Write(Path.Combine("..2025_01_01_00_00_00.1", "config.yaml"), Config(_first));
        File.CreateSymbolicLink(Path.Combine(_dir, "..data"), "..2025_01_01_00_00_00.1");
        var path = Path.Combine(_dir, "config.yaml");
        File.CreateSymbolicLink(path, Path.Combine("..data", "config.yaml"));
        await using var running = await ServeAsync(path);

        Directory.CreateDirectory(Path.Combine(_dir, "..2025_01_01_00_01_00.2"));
        Write(Path.Combine("..2025_01_01_00_01_00.2", "config.yaml"), Config(_second));
        File.CreateSymbolicLink(Path.Combine(_dir, "..data_tmp"), "..2025_01_01_00_01_00.2");
        await RenameOverAsync(Path.Combine(_dir, "..data_tmp"), Path.Combine(_dir, "..data"));
        Directory.Delete(Path.Combine(_dir, "..2025_01_01_00_00_00.1"), recursive: true);

        await ExpectServedAsync(running.Proxy, "second");
    }

    [Fact]
    public async Task Each_file_of_a_split_config_is_watched()
    {
        var servers = Write("servers.yaml", TestConfig.Server("""
            - handlers:
                - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
            """));
        var handlers = Write("handlers.yaml", TestConfig.Handler("default", TestConfig.LoadBalancer([_first.Url])));
        await using var running = await ServeAsync(servers, handlers);

        File.WriteAllText(handlers, TestConfig.Handler("default", TestConfig.LoadBalancer([_second.Url])));

        await ExpectServedAsync(running.Proxy, "second");
    }

    [Fact]
    public async Task An_invalid_file_is_rejected_with_the_diagnostics_validate_prints_and_the_old_config_serves_on()
    {
        var path = Write("config.yaml", Config(_first));
        await using var running = await ServeAsync(path);
        var invalid = TestConfig.Simple("- upstreams:\n    - url: ftp://nowhere\n      wieght: 2");

        File.WriteAllText(path, invalid);
        await Eventually.True(() => _lines.Text.Contains("config reload rejected: still serving", StringComparison.Ordinal), "the rejection");
        var validate = await CliRun.RunAsync("validate", "-f", path);

        Assert.Equal(1, validate.ExitCode);
        var diagnostics = (validate.Output + validate.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, diagnostics.Length);
        Assert.All(diagnostics, d => Assert.Contains($"config reload rejected diagnostic=\"{d}\"", _lines.Text, StringComparison.Ordinal));
        Assert.Equal("first", await running.Proxy.Client.GetStringAsync("/"));

        File.WriteAllText(path, Config(_second));
        await ExpectServedAsync(running.Proxy, "second");
    }

    [Fact]
    public async Task A_burst_of_writes_makes_one_reload_and_rewriting_the_same_bytes_makes_none()
    {
        var path = Write("config.yaml", Config(_first));
        await using var running = await ServeAsync(path, debounce: TimeSpan.FromSeconds(1));

        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(path, Config(i % 2 == 0 ? _first : _second));
        }

        await ExpectServedAsync(running.Proxy, "second");
        Assert.Equal(1, running.Reloader.Completed);
        File.WriteAllText(path, Config(_second));
        Assert.Null(await running.Reloader.ReloadAsync("test", force: false));
        Assert.NotNull(await running.Reloader.ReloadAsync("SIGHUP", force: true));
    }

    /// <summary>rename(2) of a symlink over another, as the kubelet swaps ..data (File.Move follows a link to a directory).</summary>
    private static async Task RenameOverAsync(string from, string to)
    {
        using var mv = System.Diagnostics.Process.Start("mv", ["-T", from, to]);
        await mv.WaitForExitAsync();
        Assert.Equal(0, mv.ExitCode);
    }

    private static string Config(TestUpstream upstream) => TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]));

    private static async Task ExpectServedAsync(TestProxy proxy, string body)
    {
        var last = string.Empty;
        await Eventually.TrueAsync(async () => (last = await proxy.Client.GetStringAsync("/")) == body, $"the proxy to serve '{body}' (it serves '{last}')", 10_000);
    }

    private async Task<TestUpstream> Upstream(string body)
    {
        var upstream = await TestUpstream.AnsweringAsync(body);
        _upstreams.Add(upstream);
        return upstream;
    }

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, yaml);
        return path;
    }

    private async Task<Running> ServeAsync(params string[] files) => await ServeAsync(files, TimeSpan.FromMilliseconds(100));

    private async Task<Running> ServeAsync(string path, TimeSpan debounce) => await ServeAsync([path], debounce);

    private async Task<Running> ServeAsync(string[] files, TimeSpan debounce)
    {
        var loaded = Aileron.Configuration.ConfigLoader.LoadFiles(files);
        Assert.False(loaded.HasErrors, string.Join('\n', loaded.Diagnostics));
        var proxy = await TestProxy.StartAsync(loaded.Config!, new ProxyHostOptions { Log = _log });
        // No poll within a test: a change must be seen through the file system's events.
        return new Running(proxy, new ConfigReloader(files, proxy.Host, _log, debounce: debounce, pollInterval: TimeSpan.FromHours(1)));
    }

    private sealed record Running(TestProxy Proxy, ConfigReloader Reloader) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Reloader.DisposeAsync();
            await Proxy.DisposeAsync();
        }
    }
}
