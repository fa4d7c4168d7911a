using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Validation;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration.Validation;

/// <summary>Unit: an upstream's rules as the loader reports them, each at its value (no sockets).</summary>
public sealed class UpstreamValidatorTests
{
    private static Diagnostic ErrorFor(string loadBalancers)
    {
        var result = TestYaml.Load(TestYaml.WithHandler(loadBalancers));
        Assert.True(result.HasErrors, "expected an error");
        return Assert.Single(result.Diagnostics, d => d.IsError);
    }

    [Theory]
    [InlineData("ftp://localhost:8001", "uses ftp://")]
    [InlineData("localhost:8001", "is not an absolute URL")]
    [InlineData("/relative", "is not an absolute URL")]
    [InlineData("http://localhost:8001/?q=1", "has a query or fragment")]
    public void An_upstream_url_that_is_not_http_or_https_is_an_error_at_the_url(string url, string message)
    {
        var d = ErrorFor($"""
                - upstreams:
                    - url: {url}
            """);

        Assert.Equal((23, 16), (d.Position.Line, d.Position.Column));
        Assert.Contains(message, d.Message);
    }

    [Theory]
    [InlineData("http://localhost:8001")]
    [InlineData("https://api.example.com/base/path")]
    [InlineData("http://[::1]:8001/")]
    public void Http_and_https_urls_with_a_base_path_are_valid(string url) =>
        Assert.False(UpstreamValidator.TryParseHttpUrl(url, out _) == false);

    [Theory]
    [InlineData(70000)]
    [InlineData(-2)]
    [InlineData(65536)]
    public void A_weight_outside_minus_one_to_65535_is_an_error_at_the_weight(int weight)
    {
        var d = ErrorFor($"""
                - upstreams:
                    - url: http://localhost:8001
                      weight: {weight}
            """);

        Assert.Equal(24, d.Position.Line);
        Assert.Contains("is out of range: use 1 to 65535 (0 means 1, -1 disables)", d.Message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(65535)]
    public void Weights_minus_one_to_65535_are_valid(int weight) =>
        Assert.False(TestYaml.Load(TestYaml.WithHandler($"""
                - upstreams:
                    - url: http://localhost:8001
                      weight: {weight}
                    - url: http://localhost:8002
            """)).HasErrors);

    [Theory]
    [InlineData("healthyThreshold: 0", "healthyThreshold: 0 must be 1 or more passing probes")]
    [InlineData("unhealthyThreshold: -1", "unhealthyThreshold: -1 must be 1 or more failing probes")]
    [InlineData("consecutiveFailures: 0", "consecutiveFailures: 0 must be 1 or more failed requests")]
    [InlineData("healthCheckTimeout: 0s", "healthCheckTimeout: must be longer than 0")]
    [InlineData("baseEjectionTime: 0", "baseEjectionTime: must be longer than 0")]
    [InlineData("maxEjectionTime: 10s", "maxEjectionTime: 10s is shorter than baseEjectionTime 30s")]
    public void A_health_tuning_value_out_of_range_is_an_error_at_that_field(string field, string message)
    {
        var d = ErrorFor($"""
                - upstreams:
                    - url: http://localhost:8001
                      enableActive: true
                      enablePassive: true
                      {field}
            """);

        Assert.Equal(26, d.Position.Line);
        Assert.Contains(message, d.Message);
    }

    [Fact]
    public void Health_tuning_fields_bind_durations_and_default_to_values_that_need_no_tuning()
    {
        var result = TestYaml.Load(TestYaml.WithHandler("""
                - upstreams:
                    - url: http://localhost:8001
                      enableActive: true
                      enablePassive: true
                      healthyThreshold: 3
                      healthCheckTimeout: 500ms
                      baseEjectionTime: 10s
                      maxEjectionTime: 2m
                    - url: http://localhost:8002
            """));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var upstreams = result.Config!.LoadBalancers[0].Spec.Upstreams;
        Assert.Equal(
            (3, 2, TimeSpan.FromMilliseconds(500), 5, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2)),
            (upstreams[0].HealthyThreshold, upstreams[0].UnhealthyThreshold, upstreams[0].HealthCheckTimeout,
                upstreams[0].ConsecutiveFailures, upstreams[0].BaseEjectionTime, upstreams[0].MaxEjectionTime));
        Assert.Equal(
            (2, 2, TimeSpan.FromSeconds(1), 5, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)),
            (upstreams[1].HealthyThreshold, upstreams[1].UnhealthyThreshold, upstreams[1].HealthCheckTimeout,
                upstreams[1].ConsecutiveFailures, upstreams[1].BaseEjectionTime, upstreams[1].MaxEjectionTime));
    }

    [Theory]
    [InlineData("healthyThreshold: 3", "set but enableActive is false")]
    [InlineData("consecutiveFailures: 3", "set but enablePassive is false")]
    [InlineData("maxEjectionTime: 10m", "set but enablePassive is false")]
    public void A_health_tuning_field_without_its_check_enabled_is_a_warning(string field, string message)
    {
        var d = TestYaml.Single(TestYaml.Load(TestYaml.WithHandler($"""
                - upstreams:
                    - url: http://localhost:8001
                      {field}
            """)));

        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains(message, d.Message);
    }

    [Fact]
    public void A_probe_timeout_longer_than_the_interval_is_a_warning()
    {
        var d = TestYaml.Single(TestYaml.Load(TestYaml.WithHandler("""
                - upstreams:
                    - url: http://localhost:8001
                      enableActive: true
                      healthCheckInterval: 2
                      healthCheckTimeout: 5s
            """)));

        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("healthCheckTimeout: 5s is longer than healthCheckInterval (2s)", d.Message);
    }

    [Theory]
    [InlineData("tcp://localhost", "'tcp://localhost' must be tcp://host:port")]
    [InlineData("ftp://localhost:9000", "must be an http(s):// URL to GET or tcp://host:port to connect to")]
    public void A_health_check_address_that_is_neither_a_url_nor_tcp_host_port_is_an_error(string addr, string message)
    {
        var d = ErrorFor($"""
                - upstreams:
                    - url: http://localhost:8001
                      enableActive: true
                      healthCheckAddr: {addr}
            """);

        Assert.Equal(25, d.Position.Line);
        Assert.Contains(message, d.Message);
    }
}
