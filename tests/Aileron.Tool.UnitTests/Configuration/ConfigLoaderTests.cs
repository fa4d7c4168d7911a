using Aileron.Balancing;
using Aileron.Configuration;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Tests.TestSupport;
using CsCheck;
using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private const string OneUpstream = """
            - upstreams:
                - url: http://localhost:8001
        """;

    [Fact]
    public void Example_config_loads_into_one_server_with_one_load_balancer()
    {
        var result = ConfigLoader.LoadFiles([TestFiles.Example("config-round-robin.yaml")]);

        Assert.Empty(result.Diagnostics);
        var server = Assert.Single(result.Config!.Servers);
        Assert.True(server.Listen.IsAnyInterface);
        Assert.Equal(8080, server.Listen.Port);
        var lb = Assert.Single(result.Config.LoadBalancers);
        Assert.Equal("default/default[0]", lb.Name);
        Assert.Equal(LbAlgorithm.RoundRobin, lb.Spec.LbAlgorithm);
        Assert.Equal(
            ["http://localhost:8001", "http://localhost:8002", "http://localhost:8003", "http://localhost:8004", "http://localhost:8005"],
            lb.Spec.Upstreams.Select(u => u.Url));
    }

    [Fact]
    public void Defaults_are_filled_in_the_effective_config()
    {
        var result = TestYaml.Load(TestYaml.WithHandler("""
                - lbAlgorithm: Maglev
                  upstreams:
                    - url: http://localhost:8001
                      weight: 0
                  pathMatchers:
                    - match: /api
            """));

        var lb = Assert.Single(result.Config!.LoadBalancers).Spec;
        Assert.Equal(1, lb.Upstreams[0].Weight);
        Assert.Equal(MatchType.Prefix, lb.PathMatchers[0].MatchType);
        Assert.Equal(HashSource.ClientAddr, lb.Hasher!.HashSource);
        Assert.Equal(65537, lb.HashTableSize);
        Assert.Equal(1, lb.Upstreams[0].HealthCheckInterval);
    }

    [Fact]
    public void A_load_balancer_without_path_matchers_matches_every_path()
    {
        var lb = Assert.Single(TestYaml.Load(TestYaml.WithHandler(OneUpstream)).Config!.LoadBalancers).Spec;

        var matcher = Assert.Single(lb.AllPathMatchers);
        Assert.Equal(("/", MatchType.Prefix), (matcher.Match, matcher.MatchType));
    }

    [Fact]
    public void RoundRobin_is_the_default_algorithm_and_needs_no_hasher()
    {
        var lb = Assert.Single(TestYaml.Load(TestYaml.WithHandler(OneUpstream)).Config!.LoadBalancers).Spec;

        Assert.Equal(LbAlgorithm.RoundRobin, lb.LbAlgorithm);
        Assert.Null(lb.Hasher);
    }

    [Fact]
    public void References_default_name_and_namespace_to_default()
    {
        var result = TestYaml.Load(TestYaml.WithHandler(OneUpstream));

        var handler = result.Config!.Servers[0].VirtualHosts[0].Handlers[0];
        Assert.Equal(new ResourceId("core/v1", "ReverseProxyHandler", "default", "default"), handler.HandlerId);
    }

    [Fact]
    public void A_config_split_over_several_files_resolves_references_across_them()
    {
        var split = new[] { "entrypoint.yaml", "server.yaml", "proxy.yaml" }
            .Select(f => TestFiles.Path(Path.Combine("Configuration", "Split", f))).ToArray();

        var result = ConfigLoader.LoadFiles(split);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var handler = result.Config!.Servers[0].VirtualHosts[0].Handlers[0];
        Assert.Equal("shop/api[0]", handler.LoadBalancers[0].Name);
        Assert.Equal([3, 1, -1], handler.LoadBalancers[0].Spec.Upstreams.Select(u => u.Weight));
    }

    [Fact]
    public void An_empty_file_is_an_error_at_its_first_line()
    {
        var d = TestYaml.Single(TestYaml.Load("# only a comment\n"));

        Assert.Equal((1, 1), (d.Position.Line, d.Position.Column));
        Assert.Contains("file is empty", d.Message);
    }

    [Fact]
    public void A_document_that_is_not_a_mapping_is_an_error()
    {
        var result = TestYaml.Load("- a\n- b\n");

        Assert.Contains(result.Diagnostics, d => d.IsError && d.Position.Line == 1 && d.Message.Contains("found a list"));
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_at_its_position()
    {
        var d = TestYaml.Single(TestYaml.Load("apiVersion: core/v1\nkind: HTTPServer\nspec:\n  addr: \":8080\n  x: 1\n"));

        Assert.Equal(4, d.Position.Line);
        Assert.StartsWith("YAML syntax:", d.Message);
    }

    [Fact]
    public void An_unknown_kind_is_an_error_with_the_nearest_kind()
    {
        var result = TestYaml.Load(TestYaml.WithHandler(OneUpstream) + "\n---\napiVersion: core/v1\nkind: HTTPServr\nspec: {}\n");

        var d = TestYaml.Single(result);
        Assert.Equal(26, d.Position.Line);
        Assert.Contains("unknown kind 'HTTPServr'; did you mean 'HTTPServer'?", d.Message);
    }

    [Fact]
    public void An_aileron_kind_that_aileron_does_not_run_is_a_warning()
    {
        var result = TestYaml.Load(TestYaml.WithHandler(OneUpstream) + "\n---\napiVersion: core/v1\nkind: HTTPLogger\nspec: {}\n");

        var d = TestYaml.Single(result);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.NotNull(result.Config);
    }

    [Fact]
    public void Two_resources_with_one_identity_are_an_error_at_the_second()
    {
        var result = TestYaml.Load(TestYaml.WithHandler(OneUpstream) + "\n---\napiVersion: core/v1\nkind: ReverseProxyHandler\nspec: {}\n");

        var d = TestYaml.Single(result);
        Assert.Equal(25, d.Position.Line);
        Assert.Contains("duplicate resource ReverseProxyHandler 'default/default'", d.Message);
        Assert.Contains("config.yaml:18:1", d.Message);
    }

    [Fact]
    public void A_reference_to_a_missing_resource_is_an_error_at_the_reference_with_the_closest_name()
    {
        var text = TestYaml.WithHandler(OneUpstream).Replace("kind: ReverseProxyHandler\n\n", "kind: ReverseProxyHandler\n            name: proxi\n\n", StringComparison.Ordinal)
            .Replace("kind: ReverseProxyHandler\nspec:", "kind: ReverseProxyHandler\nmetadata:\n  name: proxy\nspec:", StringComparison.Ordinal);
        text = text.Replace("            kind: ReverseProxyHandler\n---", "            kind: ReverseProxyHandler\n            name: proxi\n---", StringComparison.Ordinal);

        var d = TestYaml.Single(TestYaml.Load(text));

        Assert.Equal((15, 13), (d.Position.Line, d.Position.Column));
        Assert.Contains("no ReverseProxyHandler named 'default/proxi'; did you mean 'default/proxy'?", d.Message);
    }

    [Fact]
    public void A_runner_of_the_wrong_kind_is_an_error_at_its_kind()
    {
        var text = TestYaml.WithHandler(OneUpstream).Replace("      kind: HTTPServer\n---", "      kind: ReverseProxyHandler\n---", StringComparison.Ordinal);

        var result = TestYaml.Load(text);

        Assert.Contains(result.Diagnostics, d => d.IsError && d.Position.Line == 6
            && d.Message.Contains("a runner must be of kind HTTPServer, not ReverseProxyHandler"));
    }

    [Fact]
    public void A_config_without_an_entrypoint_is_an_error()
    {
        var text = TestYaml.WithHandler(OneUpstream)[TestYaml.EntrypointAndServer.IndexOf("---", StringComparison.Ordinal)..];

        var result = TestYaml.Load(text);

        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.StartsWith("no Entrypoint resource", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_servers_on_one_port_are_an_error()
    {
        const string text = """
            apiVersion: core/v1
            kind: Entrypoint
            spec:
              runners:
                - {apiVersion: core/v1, kind: HTTPServer, name: a}
                - {apiVersion: core/v1, kind: HTTPServer, name: b}
            ---
            apiVersion: core/v1
            kind: HTTPServer
            metadata: {name: a}
            spec: {addr: ":8080"}
            ---
            apiVersion: core/v1
            kind: HTTPServer
            metadata: {name: b}
            spec: {addr: "127.0.0.1:8080"}
            """;

        var d = TestYaml.Single(TestYaml.Load(text));

        Assert.Equal(16, d.Position.Line);
        Assert.Contains("overlaps :8080", d.Message);
    }

    [Fact]
    public void Every_problem_in_every_file_is_reported_in_one_load()
    {
        var result = TestYaml.Load(
            ("a.yaml", TestYaml.WithHandler("""
                    - lbAlgoritm: Maglev
                      upstreams:
                        - url: ftp://x
            """)),
            ("b.yaml", "apiVersion: core/v1\nkind: Nope\n"));

        Assert.Equal(
            ["a.yaml:22:11", "a.yaml:24:20", "b.yaml:2:7"],
            result.Diagnostics.Where(d => d.IsError).Select(d => d.Position.ToString()));
    }

    /// <summary>YAML fragments a mutation inserts: structure, scalars of every kind, aileron's own names.</summary>
    private static readonly string[] Fragments =
    [
        ":", "- ", " ", "  ", "\n", "\t", "[", "]", "{", "}", "\"", "'", "#", "&a ", "*a", "!!str ", "!!int ", "---\n",
        "...\n", "~", "null", "true", "0", "-1", "1e9", "99999999999999999999", "0x1F", ".inf", "\u00e9", "\u2028", "|\n",
        ">-\n", "? ", "<<: *a", "%YAML 1.2\n", "kind: ", "apiVersion: core/v1\n", "spec:\n", "weight: ", "url: ",
        "lbAlgorithm: Maglev", "matchType: Regex", "match: \"([\"", "hashTableSize: 4", "addr: \":0\"", "runners: ", "name: x",
        "kind: HTTPServer\n", "kind: ReverseProxyHandler\n", "upstreams: []", "- url: http://[::1]:1\n", "\0",
    ];

    private static readonly string[] Seeds =
    [
        .. TestFiles.ExampleNames.Select(name => File.ReadAllText(TestFiles.Example(name))),
        .. Directory.GetFiles(TestFiles.Path(Path.Combine("Configuration", "Invalid")), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText),
        .. Directory.GetFiles(TestFiles.Path(Path.Combine("Configuration", "Split")), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText),
    ];

    /// <summary>
    /// A valid or invalid config with 1-8 random edits: deletions, insertions of YAML fragments,
    /// duplicated and swapped lines, and re-indentation.
    /// </summary>
    private static readonly Gen<string> MutatedConfig =
        Gen.Select(
            Gen.Int[0, Seeds.Length - 1],
            Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Gen.Double[0, 1], Gen.Int[0, Fragments.Length - 1]).Array[1, 8],
            (seed, edits) => edits.Aggregate(Seeds[seed], (text, edit) => Mutate(text, edit.Item1, edit.Item2, edit.Item3, Fragments[edit.Item4])));

    private static string Mutate(string text, int kind, double at, double span, string fragment)
    {
        var position = (int)(at * text.Length);
        var lines = text.Split('\n').ToList();
        var line = Math.Min((int)(at * lines.Count), lines.Count - 1);
        switch (kind)
        {
            case 0:
                return text.Remove(position, Math.Min(text.Length - position, (int)(span * 12)));
            case 1:
                return text.Insert(position, fragment);
            case 2:
                lines.Insert(line, lines[line]);
                break;
            case 3:
                var other = Math.Min((int)(span * lines.Count), lines.Count - 1);
                (lines[line], lines[other]) = (lines[other], lines[line]);
                break;
            default:
                lines[line] = new string(' ', (int)(span * 8)) + lines[line].TrimStart();
                break;
        }

        return string.Join('\n', lines);
    }

    [Fact]
    public void Mutated_configs_never_throw_and_every_diagnostic_has_a_position_and_one_line()
    {
        MutatedConfig.Sample(
            text =>
            {
                var result = TestYaml.Load(text, "fuzz.yaml");

                Assert.All(result.Diagnostics, d =>
                {
                    Assert.Equal("fuzz.yaml", d.Position.File);
                    Assert.True(d.Position.Line >= 1 && d.Position.Column >= 1, $"no position: {d}");
                    Assert.DoesNotContain('\n', d.Message);
                    Assert.False(string.IsNullOrWhiteSpace(d.Message));
                });
                Assert.Equal(result.HasErrors, result.Config is null);
            },
            seed: Environment.GetEnvironmentVariable("AILERON_FUZZ_SEED") ?? "0N0XIzNsQ0O2",
            iter: int.TryParse(Environment.GetEnvironmentVariable("AILERON_FUZZ_ITER"), out var iter) ? iter : 4000,
            threads: 1,
            print: text => text);
    }
}
