using Aileron.Patterns;
using Aileron.Routing;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Routing;

/// <summary>A handler as the mux registers it: its load balancers tried in order, the first that matches serves.</summary>
public sealed class HandlerRouteTests
{
    [Fact]
    public void The_first_load_balancer_that_matches_serves_and_later_ones_are_not_asked()
    {
        var handler = Handler(
            TestConfig.LoadBalancer(["http://api.test"], "pathMatcher: {match: /api, matchType: Prefix, appendPrefix: /v1}") + "\n"
            + TestConfig.LoadBalancer(["http://all.test"]));

        Assert.Equal(("default/default[0]", "/v1/api/x"), Match(handler, "/api/x"));
        Assert.Equal(("default/default[1]", "/other"), Match(handler, "/other"));
    }

    [Fact]
    public void When_no_load_balancer_matches_there_is_none_and_the_path_is_unchanged()
    {
        var handler = Handler(TestConfig.LoadBalancer(["http://api.test"], "pathMatcher: {match: /api, matchType: Prefix, trimPrefix: /t}"));

        Assert.Equal(("-", "/t/other"), Match(handler, "/t/other"));
    }

    [Theory]
    [InlineData("GET", "example.com", "/users/{id}", "GET example.com/users/{id}")]
    [InlineData("", null, "/static/", "/static/")]
    [InlineData("", "example.com", "/", "example.com/")]
    public void ToString_is_the_pattern_the_handler_stands_for(string method, string? host, string path, string expected)
    {
        Assert.True(RoutePattern.TryParse(path, out var pattern, out _));
        var methods = method.Length == 0 ? MethodSet.Any : MethodSet.Of(method);

        Assert.Equal(expected, new HandlerRoute(host, methods, pattern, []).ToString());
    }

    private static HandlerRoute Handler(string loadBalancers) =>
        new(null, MethodSet.Any, RoutePattern.All, TestRoutes.LoadBalancers(loadBalancers));

    private static (string LoadBalancer, string ForwardPath) Match(HandlerRoute handler, string path)
    {
        var context = TestRoutes.Request("GET", path);
        var lb = handler.MatchLoadBalancer(context, path, MethodSet.BitOf("GET"), PathParameters.Empty, out var forwardPath);
        return (lb?.Name ?? "-", forwardPath);
    }
}
