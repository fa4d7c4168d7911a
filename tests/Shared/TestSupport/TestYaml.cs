using Aileron.Configuration;
using Aileron.Configuration.Diagnostics;

namespace Aileron.Tests.TestSupport;

/// <summary>Builds configs from inline YAML for loader tests.</summary>
internal static class TestYaml
{
    public const string EntrypointAndServer = """
        apiVersion: core/v1
        kind: Entrypoint
        spec:
          runners:
            - apiVersion: core/v1
              kind: HTTPServer
        ---
        apiVersion: core/v1
        kind: HTTPServer
        spec:
          addr: ":8080"
          virtualHosts:
            - handlers:
                - handler:
                    apiVersion: core/v1
                    kind: ReverseProxyHandler
        ---
        """;

    /// <summary>Lines 1-17 are the Entrypoint and HTTPServer; the handler starts on line 18.</summary>
    public static string WithHandler(string loadBalancers) => EntrypointAndServer + "\n" + $"""
        apiVersion: core/v1
        kind: ReverseProxyHandler
        spec:
          loadBalancers:
        {loadBalancers}
        """;

    public static LoadResult Load(string text, string path = "config.yaml") => ConfigLoader.Load([(path, text)]);

    public static LoadResult Load(params (string Path, string Text)[] files) => ConfigLoader.Load(files);

    public static Diagnostic Single(LoadResult result)
    {
        Assert.True(result.Diagnostics.Count == 1, string.Join("\n", result.Diagnostics));
        return result.Diagnostics[0];
    }
}
