using Aileron.Tests.TestSupport;
using Snapshooter;
using Snapshooter.Xunit;

namespace Aileron.Tests.Commands;

public sealed class UpstreamsCommandTests
{
    /// <summary>Two listeners, two load balancers, weights, a disabled upstream and every kind of match.</summary>
    private const string Mixed = """
        apiVersion: core/v1
        kind: Entrypoint
        spec:
          runners:
            - apiVersion: core/v1
              kind: HTTPServer
            - apiVersion: core/v1
              kind: HTTPServer
              name: internal
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
        apiVersion: core/v1
        kind: HTTPServer
        metadata:
          name: internal
        spec:
          addr: "127.0.0.1:9090"
          virtualHosts:
            - handlers:
                - handler:
                    apiVersion: core/v1
                    kind: ReverseProxyHandler
        ---
        apiVersion: core/v1
        kind: ReverseProxyHandler
        spec:
          loadBalancers:
            - hosts: [api.example.com]
              methods: [GET, POST]
              pathMatchers:
                - match: /api/
                  matchType: Prefix
                - match: "^/v[0-9]+/"
                  matchType: Regex
              headerMatchers:
                - key: X-Env
                  patterns: [prod, staging]
              upstreams:
                - url: http://api-1.example.com:8001
                  weight: 3
                - url: http://api-2.example.com:8002
                - url: http://api-3.example.com:8003
                  weight: -1
            - lbAlgorithm: Maglev
              upstreams:
                - url: http://fallback.example.com:9000
        """;

    [Theory]
    [InlineData("table")]
    [InlineData("json")]
    public async Task Lists_each_load_balancer_with_listeners_match_algorithm_and_shares(string format)
    {
        using var config = new TempConfig(Mixed);

        var run = await CliRun.RunAsync("upstreams", "-f", config.Path, "--format", format);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Snapshot.Match(run.Output, new SnapshotNameExtension(format));
    }

    [Fact]
    public async Task The_round_robin_example_gives_each_of_five_upstreams_a_fifth()
    {
        var run = await CliRun.RunAsync("upstreams", "-f", TestFiles.Example("config-round-robin.yaml"));

        Assert.Equal(0, run.ExitCode);
        Snapshot.Match(run.Output);
    }

    [Fact]
    public async Task An_invalid_config_prints_validates_diagnostics_and_exits_one()
    {
        using var config = TempConfig.WithUpstreams("""
                    - url: ftp://localhost:8001
            """);

        var run = await CliRun.RunAsync("upstreams", "-f", config.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.Contains($"{config.Path}:23:16: error: spec.loadBalancers[0].upstreams[0].url: 'ftp://localhost:8001' uses ftp://", run.Error);
    }

    [Theory]
    [InlineData("upstreams")]
    [InlineData("upstreams", "-f", "/no/such/file.yaml")]
    [InlineData("upstreams", "-f", "x.yaml", "--format", "xml")]
    [InlineData("upstreams", "-f", "x.yaml", "--admin", "http://127.0.0.1:9901")]
    public async Task A_usage_error_exits_two_with_a_reason(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("aileron: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task Help_shows_probe_format_and_examples()
    {
        var run = await CliRun.RunAsync("upstreams", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--probe", run.Output);
        Assert.Contains("Examples:\n  aileron upstreams -f config.yaml\n", run.Output);
    }
}
