using Aileron.Routing;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Routing;

/// <summary>How a request finds its load balancer: Go ServeMux precedence for handlers, then AILERON's matchers in order.</summary>
public sealed class RouteTableTests
{
    [Fact]
    public void A_path_nothing_rewrites_is_forwarded_as_the_same_string()
    {
        var table = TestRoutes.Table(TestConfig.Simple(TestConfig.LoadBalancer([TestRoutes.Upstream])));
        var request = TestRoutes.Request("GET", "/a/b");

        var result = table.Match(request);

        Assert.Same(request.Request.Path.Value, result.ForwardPath);
    }

    [Fact]
    public void Path_param_matchers_read_the_handler_pattern_wildcards()
    {
        var table = TestRoutes.Table(
            TestConfig.Server(
                """
                - handlers:
                    - pattern: /users/{id}/{rest...}
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                """)
            + TestConfig.Handler(
                "default",
                TestConfig.LoadBalancer(["http://numeric.test"], "pathParamMatchers: [{key: id, patterns: [\"^[0-9]+$\"], matchType: Regex}]") + "\n"
                + TestConfig.LoadBalancer(["http://other.test"], "pathParamMatchers: [{key: rest, patterns: [photos], matchType: Prefix}]")));

        Assert.Equal("default/default[0]", Route(table, TestRoutes.Request("GET", "/users/42/x")));
        Assert.Equal("default/default[1]", Route(table, TestRoutes.Request("GET", "/users/bob/photos/1")));
        Assert.Equal("-", Route(table, TestRoutes.Request("GET", "/users/bob/videos")));
        Assert.Null(table.Match(TestRoutes.Request("GET", "/groups/1/x")).Handler);
    }

    [Fact]
    public void Handlers_follow_ServeMux_precedence_host_then_method_then_most_specific_path()
    {
        var table = TestRoutes.Table(
            TestConfig.Server(
                """
                - handlers:
                    - pattern: /
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler, name: root}
                    - pattern: /api/
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler, name: api}
                    - pattern: /api/{$}
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler, name: apiindex}
                    - pattern: /api/special
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler, name: special}
                    - pattern: /api/{item}
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler, name: item}
                    - pattern: POST /api/
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler, name: posts}
                - hosts: [admin.example]
                  handlers:
                    - handler: {apiVersion: core/v1, kind: ReverseProxyHandler, name: admin}
                """)
            + string.Concat(new[] { "root", "api", "apiindex", "special", "item", "posts", "admin" }
                .Select(n => TestConfig.Handler(n, TestConfig.LoadBalancer([$"http://{n}.test"])))));

        Assert.Equal("default/root[0]", Route(table, TestRoutes.Request("GET", "/x")));
        Assert.Equal("default/api[0]", Route(table, TestRoutes.Request("GET", "/api/a/b")));
        Assert.Equal("default/apiindex[0]", Route(table, TestRoutes.Request("GET", "/api/")));
        Assert.Equal("default/special[0]", Route(table, TestRoutes.Request("GET", "/api/special")));
        Assert.Equal("default/item[0]", Route(table, TestRoutes.Request("GET", "/api/other")));
        Assert.Equal("default/posts[0]", Route(table, TestRoutes.Request("POST", "/api/other")));
        Assert.Equal("default/admin[0]", Route(table, TestRoutes.Request("GET", "/api/special", "ADMIN.example:443")));
    }

    [Fact]
    public void Virtual_host_methods_limit_handlers_and_a_GET_only_host_answers_HEAD_with_404()
    {
        var table = TestRoutes.Table(
            TestConfig.Server(
                """
                - methods: [GET]
                  handlers:
                    - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                """)
            + TestConfig.Handler("default", TestConfig.LoadBalancer([TestRoutes.Upstream])));

        Assert.Equal("default/default[0]", Route(table, TestRoutes.Request("GET", "/x")));
        Assert.Equal("-", Route(table, TestRoutes.Request("POST", "/x")));
        Assert.Equal("-", Route(table, TestRoutes.Request("HEAD", "/x")));
    }

    [Fact]
    public void A_virtual_host_pattern_is_joined_in_front_of_the_handler_pattern_as_AILERON_does()
    {
        var table = TestRoutes.Table(
            TestConfig.Server(
                """
                - pattern: /v1
                  handlers:
                    - pattern: /users/
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                """)
            + TestConfig.Handler("default", TestConfig.LoadBalancer([TestRoutes.Upstream])));

        Assert.Equal("default/default[0]", Route(table, TestRoutes.Request("GET", "/v1/users/7")));
        Assert.Equal("-", Route(table, TestRoutes.Request("GET", "/users/7")));
        Assert.Equal("-", Route(table, TestRoutes.Request("GET", "/v1/users")));
    }

    [Fact]
    public void A_handler_whose_load_balancers_all_refuse_the_request_is_found_without_one()
    {
        var table = TestRoutes.Table(TestConfig.Simple(TestConfig.LoadBalancer([TestRoutes.Upstream], "methods: [POST]")));

        var result = table.Match(TestRoutes.Request("GET", "/x"));

        Assert.NotNull(result.Handler);
        Assert.Null(result.LoadBalancer);
        Assert.Equal("/x", result.ForwardPath);
    }

    [Fact]
    public void A_load_balancer_two_handlers_use_is_one_route_listed_once()
    {
        var table = TestRoutes.Table(
            TestConfig.Server(
                """
                - handlers:
                    - pattern: /a/
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                    - pattern: /b/
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                """)
            + TestConfig.Handler("default", TestConfig.LoadBalancer([TestRoutes.Upstream])));

        Assert.Equal(2, table.Handlers.Count);
        var route = Assert.Single(table.LoadBalancers);
        Assert.Same(route, table.Match(TestRoutes.Request("GET", "/a/x")).LoadBalancer);
        Assert.Same(route, table.Match(TestRoutes.Request("GET", "/b/x")).LoadBalancer);
    }

    [Fact]
    public void A_pattern_host_registers_only_if_its_virtual_host_lists_it()
    {
        var table = TestRoutes.Table(
            TestConfig.Server(
                """
                - hosts: [a.example, b.example]
                  handlers:
                    - pattern: a.example/x
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                    - pattern: c.example/y
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                """)
            + TestConfig.Handler("default", TestConfig.LoadBalancer([TestRoutes.Upstream])));

        Assert.Equal(["a.example/x"], table.Handlers.Select(h => h.ToString()));
        Assert.Equal("default/default[0]", Route(table, TestRoutes.Request("GET", "/x", "a.example")));
        Assert.Equal("-", Route(table, TestRoutes.Request("GET", "/x", "b.example")));
        Assert.Equal("-", Route(table, TestRoutes.Request("GET", "/y", "c.example")));
    }

    [Fact]
    public void An_empty_request_path_is_routed_as_the_root()
    {
        var table = TestRoutes.Table(TestConfig.Simple(TestConfig.LoadBalancer([TestRoutes.Upstream], "pathMatcher: {match: /, matchType: Exact}")));
        var request = TestRoutes.Request("GET", "/");
        request.Request.Path = string.Empty;

        var result = table.Match(request);

        Assert.NotNull(result.LoadBalancer);
        Assert.Equal("/", result.ForwardPath);
    }

    [Theory]
    [InlineData("GET", "/test/foo", "default/default[0]")]
    [InlineData("GET", "/test/bar", "default/default[0]")]
    [InlineData("GET", "/test/baz", "-")]
    [InlineData("POST", "/test/foo", "-")]
    [InlineData("GET", "/test", "-")]
    [InlineData("GET", "/other/foo", "-")]
    public void A_ReverseProxyHandlers_own_patterns_and_methods_register_it_and_feed_path_param_matchers(string method, string target, string lb)
    {
        var table = TestRoutes.Table(TestConfig.Simple(TestConfig.LoadBalancer([TestRoutes.Upstream], """
            pathMatcher: {match: /, matchType: Prefix}
            pathParamMatchers: [{key: param, patterns: [foo, bar], matchType: Exact}]
            """)).Replace("spec:\n  loadBalancers:", "spec:\n  patterns: [\"/test/{param}\"]\n  methods: [GET]\n  loadBalancers:", StringComparison.Ordinal));

        Assert.Equal(lb, Route(table, TestRoutes.Request(method, target)));
    }

    [Fact]
    public void Own_patterns_are_joined_under_the_handlers_pattern_and_their_wildcards_are_path_params()
    {
        var yaml = TestConfig.Server("""
            - pattern: /api
              handlers:
                - pattern: /v1/
                  handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
            """) + TestConfig.Handler("default", TestConfig.LoadBalancer([TestRoutes.Upstream], "lbAlgorithm: Maglev\nhasher: {hashSource: PathParam, key: id}"))
            .Replace("spec:\n  loadBalancers:", "spec:\n  patterns: [\"users/{id}\", /health]\n  loadBalancers:", StringComparison.Ordinal);
        var table = TestRoutes.Table(yaml);

        var user = table.Match(TestRoutes.Request("GET", "/api/v1/users/7"));

        Assert.Equal(["/api/v1/health", "/api/v1/users/{id}"], table.Handlers.Select(h => h.Pattern.Path).Order(StringComparer.Ordinal));
        Assert.NotNull(user.LoadBalancer);
        Assert.True(user.Parameters.TryGet("id", out var id));
        Assert.Equal("7", id.ToString());
        Assert.NotNull(table.Match(TestRoutes.Request("GET", "/api/v1/health")).LoadBalancer);
        Assert.Null(table.Match(TestRoutes.Request("GET", "/api/v1/users")).LoadBalancer);
    }

    [Theory]
    [InlineData("GET", "-")]
    [InlineData("POST", "default/default[0]")]
    [InlineData("PUT", "-")]
    public void The_handlers_methods_are_narrowed_to_the_virtual_hosts(string method, string lb)
    {
        var yaml = TestConfig.Server("""
            - methods: [GET, POST]
              handlers:
                - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
            """) + TestConfig.Handler("default", TestConfig.LoadBalancer([TestRoutes.Upstream]))
            .Replace("spec:\n  loadBalancers:", "spec:\n  methods: [POST, PUT]\n  loadBalancers:", StringComparison.Ordinal);

        Assert.Equal(lb, Route(TestRoutes.Table(yaml), TestRoutes.Request(method, "/x")));
    }

    private static string Route(RouteTable table, HttpContext request) => table.Match(request).LoadBalancer?.Name ?? "-";
}
