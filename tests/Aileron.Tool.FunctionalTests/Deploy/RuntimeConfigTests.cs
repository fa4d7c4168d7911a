using System.Text.Json;

namespace Aileron.Tests.Deploy;

/// <summary>
/// The runtime settings the tool ships with (its aileron.runtimeconfig.json, built from the
/// project's properties) are the ones docs/performance.md measured: a setting dropped from the
/// project would change throughput or memory without any other test noticing. Functional: it
/// reads the built tool's output next to the tests.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void The_tool_runs_the_server_gc_with_a_bounded_gen0_growth_and_no_thread_pool_spinning()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "aileron.runtimeconfig.json")));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.Equal(15, properties.GetProperty("System.GC.DGen0GrowthPercent").GetInt32());
        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
