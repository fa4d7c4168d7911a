namespace Aileron.Tests.TestSupport;

/// <summary>A YAML config written to a temporary file for a command to read; deleted on dispose.</summary>
internal sealed class TempConfig : IDisposable
{
    public TempConfig(string yaml)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"aileron-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(Path, yaml);
    }

    public string Path { get; }

    /// <summary>One load balancer on :8080 with the given upstream list items (YAML, indented for <c>upstreams:</c>).</summary>
    public static TempConfig WithUpstreams(string upstreams) => new(TestYaml.WithHandler($"""
            - upstreams:
        {upstreams}
        """));

    public void Dispose() => File.Delete(Path);
}
