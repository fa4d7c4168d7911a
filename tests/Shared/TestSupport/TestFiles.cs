namespace Aileron.Tests.TestSupport;

/// <summary>Files copied beside the test assembly (example configs, invalid configs), and a way to show their paths stably.</summary>
internal static class TestFiles
{
    public static string Root => AppContext.BaseDirectory;

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Example(string name) => Path(System.IO.Path.Combine("examples", name));

    public static IEnumerable<string> ExampleNames =>
        Directory.GetFiles(Path("examples"), "*.yaml").Select(path => System.IO.Path.GetFileName(path)).Order(StringComparer.Ordinal);

    /// <summary>Output with the machine-specific directory removed, so it can be snapshotted.</summary>
    public static string Stable(string text) => text.Replace(Root, string.Empty, StringComparison.Ordinal);
}
