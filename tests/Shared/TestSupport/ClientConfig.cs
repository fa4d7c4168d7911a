namespace Aileron.Tests.TestSupport;

/// <summary>Configs whose ReverseProxyHandler reaches its upstreams through an HTTPClient.</summary>
internal static class ClientConfig
{
    /// <summary>One load balancer over <paramref name="urls"/> through the default HTTPClient, whose spec is <paramref name="clientSpec"/> (YAML).</summary>
    public static string Yaml(IEnumerable<string> urls, string clientSpec, string extra = "") =>
        TestConfig.Simple(TestConfig.LoadBalancer(urls, extra))
            .Replace("spec:\n  loadBalancers:", "spec:\n  roundTripper: {apiVersion: core/v1, kind: HTTPClient}\n  loadBalancers:", StringComparison.Ordinal)
        + "---\napiVersion: core/v1\nkind: HTTPClient\nspec:\n" + TestConfig.Indent(clientSpec.Length == 0 ? "{}" : clientSpec, 2) + "\n";
}
