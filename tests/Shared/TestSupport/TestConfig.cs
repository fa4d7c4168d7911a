using Aileron.Configuration;
using Aileron.Configuration.Model;

namespace Aileron.Tests.TestSupport;

/// <summary>Builds and loads AILERON configs for tests: an Entrypoint, one HTTPServer and ReverseProxyHandlers.</summary>
internal static class TestConfig
{
    /// <summary>One virtual host, one handler on every path, one ReverseProxyHandler with these load balancers.</summary>
    public static string Simple(string loadBalancers, string addr = "127.0.0.1:0", int shutdownTimeout = 30) =>
        Server(
            """
            - handlers:
                - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
            """,
            addr,
            shutdownTimeout)
        + Handler("default", loadBalancers);

    /// <summary>
    /// A load balancer over these upstream URLs, with extra YAML lines (algorithm, matchers) before the
    /// upstreams, and <paramref name="upstreamFields"/> (flow-mapping entries: <c>enablePassive: true, …</c>) on each upstream.
    /// </summary>
    public static string LoadBalancer(IEnumerable<string> urls, string extra = "", string upstreamFields = "") =>
        "- " + string.Join("\n  ", extra.Split('\n', StringSplitOptions.RemoveEmptyEntries).Append("upstreams:"))
        + "\n" + string.Join("\n", urls.Select(u => upstreamFields.Length == 0 ? $"    - url: {u}" : $"    - {{url: {u}, {upstreamFields}}}"));

    /// <summary>An Entrypoint and one HTTPServer with these virtual hosts (YAML list items).</summary>
    public static string Server(string virtualHosts, string addr = "127.0.0.1:0", int shutdownTimeout = 30) =>
        $"""
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
          addr: "{addr}"
          shutdownTimeout: {shutdownTimeout}
          virtualHosts:

        """ + Indent(virtualHosts, 4) + "\n";

    /// <summary>An Entrypoint running one HTTPServer per (name, addr), each with one handler on every path to the default ReverseProxyHandler.</summary>
    public static string Servers(params (string Name, string Addr)[] servers) =>
        "apiVersion: core/v1\nkind: Entrypoint\nspec:\n  runners:\n"
        + string.Concat(servers.Select(s => $"    - {{apiVersion: core/v1, kind: HTTPServer, name: {s.Name}}}\n"))
        + string.Concat(servers.Select(s => $$"""
            ---
            apiVersion: core/v1
            kind: HTTPServer
            metadata: {name: {{s.Name}}}
            spec:
              addr: "{{s.Addr}}"
              virtualHosts:
                - handlers:
                    - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}

            """));

    /// <summary>A ReverseProxyHandler named <paramref name="name"/> with these load balancers (YAML list items).</summary>
    public static string Handler(string name, string loadBalancers) =>
        $"""
        ---
        apiVersion: core/v1
        kind: ReverseProxyHandler
        metadata:
          name: {name}
        spec:
          loadBalancers:

        """ + Indent(loadBalancers, 4) + "\n";

    /// <summary>Adds YAML lines (e.g. <c>maxRequestBodySize: 1000</c>) to the HTTPServer spec of a config made here.</summary>
    public static string WithServerFields(string yaml, string fields)
    {
        var at = yaml.IndexOf("  virtualHosts:\n", StringComparison.Ordinal);
        Assert.True(at >= 0, "the config has no HTTPServer virtualHosts line to add fields before");
        return yaml.Insert(at, Indent(fields, 2) + "\n");
    }

    public static ProxyConfig Load(string yaml)
    {
        var result = ConfigLoader.Load([("test.yaml", yaml)]);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics) + "\n---\n" + yaml);
        return result.Config!;
    }

    public static string Indent(string text, int spaces) =>
        string.Join('\n', text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => l.Length == 0 ? l : new string(' ', spaces) + l));
}
