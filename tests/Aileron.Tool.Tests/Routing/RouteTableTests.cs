using Aileron.Balancing;
using Aileron.Patterns;
using Aileron.Routing;
using Aileron.Tests.Proxy;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Routing;

/// <summary>How a request finds its load balancer: Go ServeMux precedence for handlers, then AILERON's matchers in order.</summary>
public sealed class RouteTableTests
{
    private const string Upstream = "http://upstream.test";

    [Theory]
    [InlineData("Exact", "/a", "/a", true)]
    [InlineData("Exact", "/a", "/a/b", false)]
    [InlineData("Prefix", "/api", "/api/x", true)]
    [InlineData("Prefix", "/api", "/x/api", false)]
    [InlineData("Suffix", ".json", "/a/b.json", true)]
    [InlineData("Suffix", ".json", "/a/b.xml", false)]
    [InlineData("Contains", "admin", "/x/admin/y", true)]
    [InlineData("Contains", "admin", "/x/user/y", false)]
    [InlineData("Path", "/api/*/items", "/api/v1/items", true)]
    [InlineData("Path", "/api/*/items", "/api/v1/x/items", false)]
    [InlineData("FilePath", "/static/*.css", "/static/site.css", true)]
    [InlineData("FilePath", "/static/?.css", "/static/ab.css", false)]
    [InlineData("Regex", "^/v[0-9]+/", "/v2/x", true)]
    [InlineData("Regex", "[0-9]{3}", "/order/123", true)]
    [InlineData("Regex", "^/v[0-9]+/", "/vx/", false)]
    [InlineData("RegexPOSIX", "^/a(b|bc)$", "/abc", true)]
    public void Every_path_match_type_is_honoured(string matchType, string match, string path, bool matches)
    {
        var table = Table(TestConfig.Simple(
            TestConfig.LoadBalancer([Upstream], $"pathMatcher: {{match: \"{match}\", matchType: {matchType}}}")));

        var result = table.Match(Request("GET", path));

        Assert.Equal(matches, result.LoadBalancer is not null);
    }

    [Theory]
    [InlineData("{match: /users, matchType: Prefix, trimPrefix: /api}", "/api/users", "/users")]
    [InlineData("{match: /, matchType: Prefix, appendPrefix: /v2}", "/users", "/v2/users")]
    [InlineData("{match: /, matchType: Prefix, trimPrefix: /api, appendPrefix: /internal}", "/api/users", "/internal/users")]
    [InlineData("{match: \"^/old/(.*)$\", matchType: Regex, rewrite: \"/new/$1\"}", "/old/x/y", "/new/x/y")]
    [InlineData("{match: \"^/u/(?P<id>[0-9]+)$\", matchType: Regex, rewrite: \"/users/$id/profile\"}", "/u/42", "/users/42/profile")]
    [InlineData("{match: \"^/(?P<rest>.*)$\", matchType: Regex, rewrite: \"/${rest}.json\", appendPrefix: /api}", "/items", "/api/items.json")]
    [InlineData("{match: \"/x\", matchType: Exact, trimPrefix: /tenant}", "/tenant/x", "/x")]
    public void Path_rewrites_apply_trim_then_match_then_rewrite_then_append(string matcher, string path, string forwarded)
    {
        var table = Table(TestConfig.Simple(TestConfig.LoadBalancer([Upstream], $"pathMatcher: {matcher}")));

        var result = table.Match(Request("GET", path));

        Assert.NotNull(result.LoadBalancer);
        Assert.Equal(forwarded, result.ForwardPath);
    }

    [Fact]
    public void A_path_nothing_rewrites_is_forwarded_as_the_same_string()
    {
        var table = Table(TestConfig.Simple(TestConfig.LoadBalancer([Upstream])));
        var request = Request("GET", "/a/b");

        var result = table.Match(request);

        Assert.Same(request.Request.Path.Value, result.ForwardPath);
    }

    [Fact]
    public void The_first_load_balancer_that_matches_serves_the_request()
    {
        var table = Table(TestConfig.Simple(
            TestConfig.LoadBalancer(["http://api.test"], "pathMatcher: {match: /api, matchType: Prefix}") + "\n"
            + TestConfig.LoadBalancer(["http://all.test"])));

        Assert.Equal("default/default[0]", table.Match(Request("GET", "/api/x")).LoadBalancer?.Name);
        Assert.Equal("default/default[1]", table.Match(Request("GET", "/other")).LoadBalancer?.Name);
    }

    [Fact]
    public void Any_of_several_path_matchers_may_match()
    {
        var table = Table(TestConfig.Simple(TestConfig.LoadBalancer(
            [Upstream],
            """
            pathMatchers:
              - {match: /a, matchType: Exact}
              - {match: /b, matchType: Prefix, appendPrefix: /x}
            """)));

        Assert.Equal("/a", table.Match(Request("GET", "/a")).ForwardPath);
        Assert.Equal("/x/b/c", table.Match(Request("GET", "/b/c")).ForwardPath);
        Assert.Null(table.Match(Request("GET", "/c")).LoadBalancer);
    }

    [Fact]
    public void Load_balancer_methods_and_hosts_narrow_the_match()
    {
        var table = Table(TestConfig.Simple(
            TestConfig.LoadBalancer(["http://writes.test"], "methods: [POST, PUT]") + "\n"
            + TestConfig.LoadBalancer(["http://tenant.test"], "hosts: [tenant.example]") + "\n"
            + TestConfig.LoadBalancer(["http://all.test"])));

        Assert.Equal("default/default[0]", table.Match(Request("PUT", "/x")).LoadBalancer?.Name);
        Assert.Equal("default/default[1]", table.Match(Request("GET", "/x", "Tenant.Example:8080")).LoadBalancer?.Name);
        Assert.Equal("default/default[2]", table.Match(Request("GET", "/x")).LoadBalancer?.Name);
        Assert.Equal("default/default[2]", table.Match(Request("PROPFIND", "/x")).LoadBalancer?.Name);
    }

    [Fact]
    public void Header_matchers_need_the_header_and_one_of_its_patterns()
    {
        var table = Table(TestConfig.Simple(
            TestConfig.LoadBalancer(
                ["http://gold.test"],
                """
                headerMatchers:
                  - {key: X-Tier, patterns: [gold, platinum]}
                  - {key: User-Agent, patterns: ["^curl/"], matchType: Regex}
                """) + "\n"
            + TestConfig.LoadBalancer(["http://all.test"])));

        Assert.Equal("default/default[0]", Route(table, Request("GET", "/", headers: [("x-tier", "platinum"), ("User-Agent", "curl/8.0")])));
        Assert.Equal("default/default[1]", Route(table, Request("GET", "/", headers: [("X-Tier", "gold"), ("User-Agent", "wget")])));
        Assert.Equal("default/default[1]", Route(table, Request("GET", "/", headers: [("User-Agent", "curl/8.0")])));
    }

    [Fact]
    public void Query_matchers_match_the_decoded_value_and_join_repeats_with_commas()
    {
        var table = Table(TestConfig.Simple(
            TestConfig.LoadBalancer(["http://v2.test"], "queryMatchers: [{key: v, patterns: [\"2\", \"2,3\"]}]") + "\n"
            + TestConfig.LoadBalancer(["http://all.test"], "queryMatchers: [{key: name, patterns: [a b], matchType: Exact}]")));

        Assert.Equal("default/default[0]", Route(table, Request("GET", "/x?v=2")));
        Assert.Equal("default/default[0]", Route(table, Request("GET", "/x?v=2&v=3")));
        Assert.Equal("default/default[1]", Route(table, Request("GET", "/x?name=a%20b")));
        Assert.Equal("-", Route(table, Request("GET", "/x?v=1")));
    }

    [Fact]
    public void Path_param_matchers_read_the_handler_pattern_wildcards()
    {
        var table = Table(
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

        Assert.Equal("default/default[0]", Route(table, Request("GET", "/users/42/x")));
        Assert.Equal("default/default[1]", Route(table, Request("GET", "/users/bob/photos/1")));
        Assert.Equal("-", Route(table, Request("GET", "/users/bob/videos")));
        Assert.Null(table.Match(Request("GET", "/groups/1/x")).Handler);
    }

    [Fact]
    public void Handlers_follow_ServeMux_precedence_host_then_method_then_most_specific_path()
    {
        var table = Table(
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

        Assert.Equal("default/root[0]", Route(table, Request("GET", "/x")));
        Assert.Equal("default/api[0]", Route(table, Request("GET", "/api/a/b")));
        Assert.Equal("default/apiindex[0]", Route(table, Request("GET", "/api/")));
        Assert.Equal("default/special[0]", Route(table, Request("GET", "/api/special")));
        Assert.Equal("default/item[0]", Route(table, Request("GET", "/api/other")));
        Assert.Equal("default/posts[0]", Route(table, Request("POST", "/api/other")));
        Assert.Equal("default/admin[0]", Route(table, Request("GET", "/api/special", "ADMIN.example:443")));
    }

    [Fact]
    public void Virtual_host_methods_limit_handlers_and_a_GET_only_host_answers_HEAD_with_404()
    {
        var table = Table(
            TestConfig.Server(
                """
                - methods: [GET]
                  handlers:
                    - handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                """)
            + TestConfig.Handler("default", TestConfig.LoadBalancer([Upstream])));

        Assert.Equal("default/default[0]", Route(table, Request("GET", "/x")));
        Assert.Equal("-", Route(table, Request("POST", "/x")));
        Assert.Equal("-", Route(table, Request("HEAD", "/x")));
    }

    [Fact]
    public void A_virtual_host_pattern_is_joined_in_front_of_the_handler_pattern_as_AILERON_does()
    {
        var table = Table(
            TestConfig.Server(
                """
                - pattern: /v1
                  handlers:
                    - pattern: /users/
                      handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
                """)
            + TestConfig.Handler("default", TestConfig.LoadBalancer([Upstream])));

        Assert.Equal("default/default[0]", Route(table, Request("GET", "/v1/users/7")));
        Assert.Equal("-", Route(table, Request("GET", "/users/7")));
        Assert.Equal("-", Route(table, Request("GET", "/v1/users")));
    }

    [Theory]
    [InlineData("", "", "/")]
    [InlineData("/api", "", "/api")]
    [InlineData("/api", "/", "/api/")]
    [InlineData("/api/", "/users/", "/api/users/")]
    [InlineData("", "/a/../b/./c", "/b/c")]
    [InlineData("/", "/{id}", "/{id}")]
    public void Pattern_joining_cleans_like_Go(string vhPattern, string handlerPath, string joined) =>
        Assert.Equal(joined, GoPath.JoinPattern(vhPattern, handlerPath));

    [Theory]
    [InlineData("GET", "/test/foo", "default/default[0]")]
    [InlineData("GET", "/test/bar", "default/default[0]")]
    [InlineData("GET", "/test/baz", "-")]
    [InlineData("POST", "/test/foo", "-")]
    [InlineData("GET", "/test", "-")]
    [InlineData("GET", "/other/foo", "-")]
    public void A_ReverseProxyHandlers_own_patterns_and_methods_register_it_and_feed_path_param_matchers(string method, string target, string lb)
    {
        var table = Table(TestConfig.Simple(TestConfig.LoadBalancer([Upstream], """
            pathMatcher: {match: /, matchType: Prefix}
            pathParamMatchers: [{key: param, patterns: [foo, bar], matchType: Exact}]
            """)).Replace("spec:\n  loadBalancers:", "spec:\n  patterns: [\"/test/{param}\"]\n  methods: [GET]\n  loadBalancers:", StringComparison.Ordinal));

        Assert.Equal(lb, Route(table, Request(method, target)));
    }

    [Fact]
    public void Own_patterns_are_joined_under_the_handlers_pattern_and_their_wildcards_are_path_params()
    {
        var yaml = TestConfig.Server("""
            - pattern: /api
              handlers:
                - pattern: /v1/
                  handler: {apiVersion: core/v1, kind: ReverseProxyHandler}
            """) + TestConfig.Handler("default", TestConfig.LoadBalancer([Upstream], "lbAlgorithm: Maglev\nhasher: {hashSource: PathParam, key: id}"))
            .Replace("spec:\n  loadBalancers:", "spec:\n  patterns: [\"users/{id}\", /health]\n  loadBalancers:", StringComparison.Ordinal);
        var table = Table(yaml);

        var user = table.Match(Request("GET", "/api/v1/users/7"));

        Assert.Equal(["/api/v1/health", "/api/v1/users/{id}"], table.Handlers.Select(h => h.Pattern.Path).Order(StringComparer.Ordinal));
        Assert.NotNull(user.LoadBalancer);
        Assert.True(user.Parameters.TryGet("id", out var id));
        Assert.Equal("7", id.ToString());
        Assert.NotNull(table.Match(Request("GET", "/api/v1/health")).LoadBalancer);
        Assert.Null(table.Match(Request("GET", "/api/v1/users")).LoadBalancer);
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
            """) + TestConfig.Handler("default", TestConfig.LoadBalancer([Upstream]))
            .Replace("spec:\n  loadBalancers:", "spec:\n  methods: [POST, PUT]\n  loadBalancers:", StringComparison.Ordinal);

        Assert.Equal(lb, Route(Table(yaml), Request(method, "/x")));
    }

    private static string Route(RouteTable table, HttpContext request) => table.Match(request).LoadBalancer?.Name ?? "-";

    internal static RouteTable Table(string yaml)
    {
        var config = TestConfig.Load(yaml);
        var routes = config.LoadBalancers.ToDictionary(
            lb => lb.Name, lb => new LoadBalancerRoute(lb, lb.Spec.CreateBalancer(new RandomSource(1), lb.Name)));
        return RouteTable.Build(config.Servers[0], lb => routes[lb.Name]);
    }

    internal static HttpContext Request(string method, string target, string host = "proxy.test", (string Name, string Value)[]? headers = null)
    {
        var context = new DefaultHttpContext();
        var query = target.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = Uri.UnescapeDataString(query < 0 ? target : target[..query]);
        context.Request.QueryString = new QueryString(query < 0 ? string.Empty : target[query..]);
        context.Request.Host = new HostString(host);
        foreach (var (name, value) in headers ?? [])
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }
}
