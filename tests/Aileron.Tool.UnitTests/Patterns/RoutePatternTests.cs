using Aileron.Patterns;

namespace Aileron.Tests.Patterns;

/// <summary>Go ServeMux patterns: [METHOD ][HOST]/path with {name}, {name...} and {$}, a trailing slash for a subtree.</summary>
public sealed class RoutePatternTests
{
    [Fact]
    public void The_method_and_host_written_before_the_path_are_kept_apart_from_it()
    {
        var pattern = Parse("GET example.com/users/{id}");

        Assert.Equal(("GET", "example.com", "/users/{id}", false), (pattern.Method, pattern.Host, pattern.Path, pattern.IsSubtree));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void The_empty_pattern_is_every_path(string? text)
    {
        Assert.True(RoutePattern.TryParse(text!, out var pattern, out _));

        Assert.Same(RoutePattern.All, pattern);
        Assert.True(pattern.TryMatch("/any/thing", []));
    }

    [Theory]
    [InlineData("/users/{id}", "/users/{id}", false)]
    [InlineData("/static/", "/static/", true)]
    [InlineData("/files/{path...}", "/files/{path...}", false)]
    [InlineData("/api/{$}", "/api/{$}", false)]
    [InlineData("/", "/", true)]
    public void The_path_is_written_back_as_it_was_parsed(string text, string path, bool subtree)
    {
        var pattern = Parse(text);

        Assert.Equal((path, subtree), (pattern.Path, pattern.IsSubtree));
    }

    [Theory]
    [InlineData("users", "has no path")]
    [InlineData("GET example.com", "has no path")]
    [InlineData("/a/{$}/b", "{$} may only end a pattern")]
    [InlineData("/a/{$}/", "{$} may only end a pattern")]
    [InlineData("/a/{rest...}/b", "{rest...} may only be the last segment")]
    [InlineData("/a/{1x}", "'{1x}' is not a wildcard")]
    [InlineData("/a/{}", "'{}' is not a wildcard")]
    [InlineData("/a/{b-c}", "'{b-c}' is not a wildcard")]
    [InlineData("/a/{id}/{id}", "wildcard 'id' appears twice")]
    [InlineData("/a/x{id}", "a wildcard must be a whole segment")]
    public void A_pattern_ServeMux_would_refuse_is_refused_with_the_reason(string text, string reason)
    {
        Assert.False(RoutePattern.TryParse(text, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/users/{id}", "/users/42", true)]
    [InlineData("/users/{id}", "/users/", false)]
    [InlineData("/users/{id}", "/users/42/x", false)]
    [InlineData("/users/{id}", "/users/42/", false)]
    [InlineData("/static/", "/static/", true)]
    [InlineData("/static/", "/static/a/b", true)]
    [InlineData("/static/", "/static", false)]
    [InlineData("/exact", "/exact", true)]
    [InlineData("/exact", "/exact/", false)]
    [InlineData("/api/{$}", "/api/", true)]
    [InlineData("/api/{$}", "/api/x", false)]
    [InlineData("/files/{path...}", "/files/", true)]
    [InlineData("/files/{path...}", "/files/a/b", true)]
    [InlineData("/files/{path...}", "/other/a", false)]
    [InlineData("/a", "a", false)]
    [InlineData("/a", "", false)]
    public void A_request_path_matches_segment_by_segment(string text, string path, bool matches)
    {
        var pattern = Parse(text);

        Assert.Equal(matches, pattern.TryMatch(path, new Range[pattern.ParameterNames.Count]));
    }

    [Fact]
    public void Captured_values_come_in_the_order_of_the_parameter_names()
    {
        var pattern = Parse("/orgs/{org}/repos/{repo}/{path...}");
        var values = new Range[pattern.ParameterNames.Count];
        const string Path = "/orgs/acme/repos/tool/src/a.cs";

        Assert.True(pattern.TryMatch(Path, values));

        Assert.Equal(["org", "repo", "path"], pattern.ParameterNames);
        Assert.Equal(["acme", "tool", "src/a.cs"], values.Select(v => Path[v]));
    }

    [Fact]
    public void Patterns_order_most_specific_first_as_ServeMux_chooses()
    {
        string[] written = ["/", "/api/", "/api/{item}", "/api/special", "/api/{$}", "/api/{item}/{rest...}"];

        var ordered = written.Select(Parse).OrderBy(p => p, Comparer<RoutePattern>.Create(RoutePattern.CompareSpecificity)).Select(p => p.Text);

        Assert.Equal(["/api/special", "/api/{$}", "/api/{item}", "/api/{item}/{rest...}", "/api/", "/"], ordered);
    }

    private static RoutePattern Parse(string text)
    {
        Assert.True(RoutePattern.TryParse(text, out var pattern, out var error), error);
        return pattern;
    }
}
