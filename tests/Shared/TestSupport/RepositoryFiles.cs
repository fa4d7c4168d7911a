namespace Aileron.Tests.TestSupport;

/// <summary>Files of the repository itself (deploy/, Dockerfile, the tool's project file), found from the test assembly upwards.</summary>
internal static class RepositoryFiles
{
    private const string Marker = "tool.sln";

    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no {Marker} above {AppContext.BaseDirectory}: run the tests from the repository");
    }
}
