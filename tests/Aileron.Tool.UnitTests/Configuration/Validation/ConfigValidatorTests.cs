using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Validation;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration.Validation;

public sealed class ConfigValidatorTests
{
    private static Diagnostic ErrorFor(string loadBalancers)
    {
        var result = TestYaml.Load(TestYaml.WithHandler(loadBalancers));
        Assert.True(result.HasErrors, "expected an error");
        return Assert.Single(result.Diagnostics, d => d.IsError);
    }

    [Theory]
    [InlineData("Regex")]
    [InlineData("RegexPOSIX")]
    public void A_regex_that_does_not_compile_is_an_error_at_the_pattern(string matchType)
    {
        var d = ErrorFor($"""
                - pathMatcher:
                    match: "^/api/(v[0-9]+"
                    matchType: {matchType}
                  upstreams:
                    - url: http://localhost:8001
            """);

        Assert.Equal(23, d.Position.Line);
        Assert.Contains("is not a valid regular expression", d.Message);
    }

    [Fact]
    public void A_go_named_group_compiles()
    {
        var result = TestYaml.Load(TestYaml.WithHandler("""
                - pathMatcher:
                    match: "^/api/(?P<rest>.*)$"
                    matchType: Regex
                    rewrite: "/v2/$rest"
                  upstreams:
                    - url: http://localhost:8001
            """));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
    }

    [Fact]
    public void A_header_matcher_regex_that_does_not_compile_is_an_error_at_that_pattern()
    {
        var d = ErrorFor("""
                - headerMatchers:
                    - key: X-Version
                      patterns: ["v1", "(bad"]
                      matchType: Regex
                  upstreams:
                    - url: http://localhost:8001
            """);

        Assert.Equal((24, 28), (d.Position.Line, d.Position.Column));
        Assert.Contains("patterns[1]", d.Message);
    }

    [Fact]
    public void A_glob_that_does_not_parse_is_an_error()
    {
        var d = ErrorFor("""
                - pathMatcher:
                    match: "/files/[a-"
                    matchType: Path
                  upstreams:
                    - url: http://localhost:8001
            """);

        Assert.Contains("is not a valid Path pattern", d.Message);
    }

    [Theory]
    [InlineData("[]a]")]
    [InlineData("[-x]")]
    [InlineData("[x-]")]
    [InlineData("a[")]
    [InlineData("\\")]
    [InlineData("[a-b-c]")]
    public void A_glob_Gos_path_Match_rejects_is_an_error(string glob)
    {
        var d = ErrorFor($"""
                - pathMatcher:
                    match: '{glob}'
                    matchType: FilePath
                  upstreams:
                    - url: http://localhost:8001
            """);

        Assert.Contains("is not a valid FilePath pattern", d.Message);
    }

    [Theory]
    [InlineData("[\\]a]")]
    [InlineData("[\\-x]")]
    public void A_glob_with_escaped_class_members_is_valid(string glob) =>
        Assert.False(TestYaml.Load(TestYaml.WithHandler($"""
                - pathMatcher:
                    match: '{glob}'
                    matchType: Path
                  upstreams:
                    - url: http://localhost:8001
            """)).HasErrors);

    [Theory]
    [InlineData("[\"GET /x\"]", "a pattern here is a path only")]
    [InlineData("[\"/x/{id\"]", "a wildcard must be a whole segment")]
    [InlineData("[/a, /a]", "is listed twice")]
    public void A_handler_pattern_AILERON_refuses_is_an_error(string patterns, string message)
    {
        var result = TestYaml.Load(TestYaml.WithHandler("    - upstreams: [{url: http://localhost:8001}]")
            .Replace("spec:\n  loadBalancers:", $"spec:\n  patterns: {patterns}\n  loadBalancers:", StringComparison.Ordinal));

        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Handler_patterns_and_methods_are_valid()
    {
        var result = TestYaml.Load(TestYaml.WithHandler("    - upstreams: [{url: http://localhost:8001}]")
            .Replace("spec:\n  loadBalancers:", "spec:\n  patterns: [\"/test/{param}\", \"files/{path...}\"]\n  methods: [GET, POST]\n  loadBalancers:", StringComparison.Ordinal));

        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData(65536)]
    [InlineData(100)]
    [InlineData(9_999_991)]
    public void A_maglev_table_size_that_is_not_a_small_enough_prime_is_an_error(int size)
    {
        var d = ErrorFor($"""
                - lbAlgorithm: Maglev
                  hashTableSize: {size}
                  upstreams:
                    - url: http://localhost:8001
            """);

        Assert.Equal(23, d.Position.Line);
        Assert.Contains("must be a prime", d.Message);
    }

    [Fact]
    public void A_header_hash_without_a_key_is_an_error()
    {
        var d = ErrorFor("""
                - lbAlgorithm: RingHash
                  hasher:
                    hashSource: Header
                  upstreams:
                    - url: http://localhost:8001
            """);

        Assert.Contains("hashSource Header needs a key", d.Message);
    }

    [Theory]
    [InlineData("- lbAlgorithm: Random")]
    [InlineData("- upstreams: []")]
    public void A_load_balancer_without_upstreams_is_a_warning_as_AILERON_accepts_it(string loadBalancer)
    {
        var result = TestYaml.Load(TestYaml.WithHandler("    " + loadBalancer));

        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        Assert.Contains(result.Diagnostics, d => !d.IsError && d.Message.Contains("no upstreams: the requests it matches get 502", StringComparison.Ordinal));
    }

    [Fact]
    public void A_hasher_on_a_non_hash_algorithm_is_a_warning()
    {
        var result = TestYaml.Load(TestYaml.WithHandler("""
                - hasher: {hashSource: Header, key: X}
                  upstreams:
                    - url: http://localhost:8001
            """));

        var d = TestYaml.Single(result);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("RoundRobin ignores it", d.Message);
    }

    [Theory]
    [InlineData(":99999", "is not a number from 0 to 65535")]
    [InlineData("example.com:8080", "is not an IP address or localhost")]
    [InlineData("8080", "is not host:port")]
    [InlineData("::1:8080", "IPv6 goes in brackets")]
    public void An_invalid_listen_address_is_an_error_at_addr(string addr, string message)
    {
        var text = TestYaml.WithHandler("""
                - upstreams:
                    - url: http://localhost:8001
            """).Replace("addr: \":8080\"", $"addr: \"{addr}\"", StringComparison.Ordinal);

        var d = TestYaml.Single(TestYaml.Load(text));

        Assert.Equal((11, 9), (d.Position.Line, d.Position.Column));
        Assert.Contains(message, d.Message);
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(65537, true)]
    [InlineData(65536, false)]
    [InlineData(1, false)]
    [InlineData(5_000_011, true)]
    public void IsPrime_recognises_primes(int n, bool prime) => Assert.Equal(prime, ConfigValidator.IsPrime(n));
}
