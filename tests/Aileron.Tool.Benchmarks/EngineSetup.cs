using Aileron.Balancing;
using Aileron.Configuration;
using Aileron.Configuration.Model;
using Aileron.Configuration.Validation;

namespace Aileron.Benchmarks;

/// <summary>The load balancers the benchmarks measure: N upstreams of weight 1, default table sizes.</summary>
internal static class EngineSetup
{
    public static LoadBalancerSpec Spec(LbAlgorithm algorithm, int upstreams) => ConfigNormalizer.Normalize(new LoadBalancerSpec
    {
        LbAlgorithm = algorithm,
        Upstreams = [.. Enumerable.Range(1, upstreams).Select(i => new UpstreamSpec { Url = $"http://10.0.{i / 256}.{i % 256}:8080" })],
    });

    /// <summary>
    /// A config whose Entrypoint runs one HTTPServer on 127.0.0.1:0 with one catch-all handler, whose
    /// ReverseProxyHandler has <paramref name="loadBalancers"/> (YAML list items, indented by four).
    /// </summary>
    public static ProxyConfig OneHandler(string loadBalancers) => Load(
        "    - handlers:\n        - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}",
        "---\napiVersion: core/v1\nkind: ReverseProxyHandler\nspec:\n  loadBalancers:\n" + loadBalancers);

    /// <summary>
    /// A config whose Entrypoint runs one HTTPServer on 127.0.0.1:0 with <paramref name="virtualHosts"/>
    /// (YAML list items, indented by four), followed by the documents of <paramref name="resources"/>.
    /// </summary>
    public static ProxyConfig Load(string virtualHosts, string resources)
    {
        var yaml = string.Join(
            '\n',
            "apiVersion: core/v1",
            "kind: Entrypoint",
            "spec:",
            "  runners: [{apiVersion: core/v1, kind: HTTPServer}]",
            "---",
            "apiVersion: core/v1",
            "kind: HTTPServer",
            "spec:",
            "  addr: \"127.0.0.1:0\"",
            "  virtualHosts:",
            virtualHosts,
            resources);
        var result = ConfigLoader.Load([("bench.yaml", yaml)]);
        return result.Config
            ?? throw new InvalidOperationException(string.Join('\n', result.Diagnostics.Select(d => d.ToString())));
    }
}
