using Aileron.Configuration.Model;
using Aileron.Configuration.Yaml;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration.Model;

/// <summary>aileron's HTTPServer fields for client limits and trusted proxies: defaults, binding, validation.</summary>
public sealed class HttpServerSpecTests
{
    private static string WithServerFields(string fields) =>
        TestYaml.WithHandler("""
                - upstreams:
                    - url: http://localhost:8001
            """).Replace("  addr: \":8080\"\n", "  addr: \":8080\"\n" + TestConfigIndent(fields), StringComparison.Ordinal);

    [Fact]
    public void The_defaults_need_no_tuning()
    {
        var spec = new HttpServerSpec();

        Assert.Equal(
            (0L, 32 * 1024, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(130), 240, TimeSpan.FromSeconds(5), 0),
            (spec.MaxRequestBodySize, spec.MaxRequestHeadersSize, spec.RequestHeadersTimeout, spec.KeepAliveTimeout,
                spec.MinDataRate, spec.MinDataRateGracePeriod, spec.TrustedProxies.Count));
    }

    [Fact]
    public void The_fields_bind_sizes_durations_and_address_lists()
    {
        var result = TestYaml.Load(WithServerFields("""
            maxRequestBodySize: 10485760
            maxRequestHeadersSize: 65536
            requestHeadersTimeout: 10s
            keepAliveTimeout: 1m
            minDataRate: 1000
            minDataRateGracePeriod: 10s
            trustedProxies: [10.0.0.0/8, 192.168.1.10, "fd00::/8"]
            """));

        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        var spec = result.Config!.Servers[0].Spec;
        Assert.Equal(
            (10485760L, 65536, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), 1000, TimeSpan.FromSeconds(10)),
            (spec.MaxRequestBodySize, spec.MaxRequestHeadersSize, spec.RequestHeadersTimeout, spec.KeepAliveTimeout,
                spec.MinDataRate, spec.MinDataRateGracePeriod));
        Assert.Equal(["10.0.0.0/8", "192.168.1.10", "fd00::/8"], spec.TrustedProxies);
    }

    [Theory]
    [InlineData("maxRequestBodySize: -1", "spec.maxRequestBodySize: must be 0 (no limit) or a number of bytes")]
    [InlineData("maxRequestHeadersSize: 100", "spec.maxRequestHeadersSize: 100 is too small: use at least 1024 bytes")]
    [InlineData("requestHeadersTimeout: 0s", "spec.requestHeadersTimeout: must be longer than 0")]
    [InlineData("keepAliveTimeout: 0", "spec.keepAliveTimeout: must be longer than 0")]
    [InlineData("minDataRate: -5", "spec.minDataRate: must be 0 (off) or a number of bytes per second")]
    [InlineData("minDataRateGracePeriod: 1s", "spec.minDataRateGracePeriod: must be longer than 1s")]
    [InlineData("trustedProxies: [10.0.0.0/33]", "spec.trustedProxies[0]: '10.0.0.0/33': the prefix length after '/' must be a number from 0 to 32")]
    [InlineData("trustedProxies: [10.0.0.1/8]", "spec.trustedProxies[0]: '10.0.0.1/8' has bits set after its /8 prefix; did you mean '10.0.0.0/8'?")]
    [InlineData("trustedProxies: [proxy.local]", "spec.trustedProxies[0]: 'proxy.local' is not an IP address or CIDR block")]
    [InlineData("trustedProxies: [\"10\"]", "spec.trustedProxies[0]: '10' is not an IP address or CIDR block")]
    [InlineData("trustedProxies: [\"fd00::1/200\"]", "from 0 to 128")]
    public void A_value_out_of_range_is_an_error_at_the_field(string field, string message)
    {
        var d = TestYaml.Single(TestYaml.Load(WithServerFields(field)));

        Assert.True(d.IsError);
        Assert.Equal(12, d.Position.Line);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_print_writes_the_fields_with_their_defaults()
    {
        var result = TestYaml.Load(WithServerFields("trustedProxies: [10.0.0.0/8]"));
        var output = new StringWriter();

        ConfigPrinter.Print(result.Config!, output);

        Assert.Contains(
            "  maxRequestBodySize: 0\n  maxRequestHeadersSize: 32768\n  requestHeadersTimeout: 30s\n  keepAliveTimeout: 130s\n"
            + "  minDataRate: 240\n  minDataRateGracePeriod: 5s\n  trustedProxies:\n  - \"10.0.0.0/8\"\n",
            output.ToString(),
            StringComparison.Ordinal);
    }

    private static string TestConfigIndent(string fields) =>
        string.Concat(fields.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "  " + l + "\n"));
}
