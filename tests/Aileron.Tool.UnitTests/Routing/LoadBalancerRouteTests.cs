using Aileron.Patterns;
using Aileron.Routing;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Routing;

/// <summary>One load balancer compiled for the request path: all its matchers must match, in AILERON's order.</summary>
public sealed class LoadBalancerRouteTests
{
    [Theory]
    [InlineData("PUT", true)]
    [InlineData("POST", true)]
    [InlineData("GET", false)]
    [InlineData("PROPFIND", false)]
    public void Its_methods_narrow_the_match_and_an_unlisted_method_never_matches_them(string method, bool matches)
    {
        var route = TestRoutes.LoadBalancer("methods: [POST, PUT]");

        Assert.Equal(matches, TryMatch(route, TestRoutes.Request(method, "/x"), out _));
    }

    [Theory]
    [InlineData("tenant.example", true)]
    [InlineData("Tenant.Example:8080", true)]
    [InlineData("other.example", false)]
    public void Its_hosts_match_the_host_header_with_or_without_its_port_in_any_case(string host, bool matches)
    {
        var route = TestRoutes.LoadBalancer("hosts: [tenant.example]");

        Assert.Equal(matches, TryMatch(route, TestRoutes.Request("GET", "/x", host), out _));
    }

    [Fact]
    public void A_host_written_with_its_port_matches_only_that_port()
    {
        var route = TestRoutes.LoadBalancer("hosts: [\"tenant.example:8080\"]");

        Assert.True(TryMatch(route, TestRoutes.Request("GET", "/x", "tenant.example:8080"), out _));
        Assert.False(TryMatch(route, TestRoutes.Request("GET", "/x", "tenant.example:9090"), out _));
    }

    [Fact]
    public void Every_header_matcher_must_match()
    {
        var route = TestRoutes.LoadBalancer(
            """
            headerMatchers:
              - {key: X-Tier, patterns: [gold, platinum]}
              - {key: User-Agent, patterns: ["^curl/"], matchType: Regex}
            """);

        Assert.True(TryMatch(route, TestRoutes.Request("GET", "/", headers: [("x-tier", "platinum"), ("User-Agent", "curl/8.0")]), out _));
        Assert.False(TryMatch(route, TestRoutes.Request("GET", "/", headers: [("X-Tier", "gold"), ("User-Agent", "wget")]), out _));
        Assert.False(TryMatch(route, TestRoutes.Request("GET", "/", headers: [("User-Agent", "curl/8.0")]), out _));
    }

    [Fact]
    public void Without_path_matchers_every_path_matches_and_is_forwarded_as_it_is()
    {
        var route = TestRoutes.LoadBalancer();

        Assert.True(TryMatch(route, TestRoutes.Request("GET", "/any/path"), out var forwardPath));
        Assert.Equal("/any/path", forwardPath);
        Assert.Equal("Prefix /", Assert.Single(route.PathMatchers).ToString());
    }

    [Fact]
    public void Any_path_matcher_may_match_and_the_one_that_does_rewrites_the_path()
    {
        var route = TestRoutes.LoadBalancer(
            """
            pathMatchers:
              - {match: /a, matchType: Exact}
              - {match: /b, matchType: Prefix, appendPrefix: /x}
            """);

        Assert.True(TryMatch(route, TestRoutes.Request("GET", "/a"), out var a));
        Assert.True(TryMatch(route, TestRoutes.Request("GET", "/b/c"), out var b));
        Assert.False(TryMatch(route, TestRoutes.Request("GET", "/c"), out _));
        Assert.Equal(("/a", "/x/b/c"), (a, b));
    }

    [Fact]
    public void The_single_pathMatcher_is_tried_before_the_pathMatchers_list()
    {
        var route = TestRoutes.LoadBalancer(
            """
            pathMatcher: {match: /, matchType: Prefix, appendPrefix: /first}
            pathMatchers:
              - {match: /, matchType: Prefix, appendPrefix: /second}
            """);

        Assert.True(TryMatch(route, TestRoutes.Request("GET", "/x"), out var forwardPath));
        Assert.Equal("/first/x", forwardPath);
    }

    [Theory]
    [InlineData("example.com:80", "example.com")]
    [InlineData("example.com", "example.com")]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("[::1]", "[::1]")]
    [InlineData("", "")]
    public void HostName_drops_the_port_and_keeps_an_ipv6_literal_whole(string host, string name) =>
        Assert.Equal(name, LoadBalancerRoute.HostName(host).ToString());

    [Fact]
    public void The_forwarded_path_is_appended_to_the_upstream_url_without_its_trailing_slash()
    {
        var route = TestRoutes.LoadBalancer(string.Empty, "http://a.test/base/", "http://b.test");

        Assert.Equal(["http://a.test/base", "http://b.test"], route.Balancer.Upstreams.Select(route.PrefixOf));
    }

    [Fact]
    public void Only_a_hash_algorithm_reads_a_request_key()
    {
        Assert.Null(TestRoutes.LoadBalancer("lbAlgorithm: RoundRobin").Keys);
        var keys = TestRoutes.LoadBalancer("lbAlgorithm: Maglev\nhasher: {hashSource: Header, key: X-User}").Keys;
        Assert.Equal((Aileron.Configuration.Model.HashSource.Header, "X-User"), (keys!.Source, keys.Key));
    }

    [Fact]
    public void The_response_timeout_becomes_the_forwarders_activity_timeout()
    {
        var route = TestRoutes.LoadBalancer("responseTimeout: 7s");

        Assert.Equal(TimeSpan.FromSeconds(7), route.RequestConfig.ActivityTimeout);
        Assert.Equal("default/default[0]", route.ToString());
    }

    private static bool TryMatch(LoadBalancerRoute route, HttpContext context, out string forwardPath) =>
        route.TryMatch(context, context.Request.Path.Value!, MethodSet.BitOf(context.Request.Method), PathParameters.Empty, out forwardPath);
}
