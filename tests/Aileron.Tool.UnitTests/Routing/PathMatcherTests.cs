using Aileron.Configuration.Model;
using Aileron.Routing;
using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Tests.Routing;

/// <summary>One compiled pathMatcher: trimPrefix, then the match type, then a regex rewrite, then appendPrefix.</summary>
public sealed class PathMatcherTests
{
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
    public void Every_match_type_tests_the_path_as_AILERON_does(string type, string match, string path, bool matches)
    {
        var matcher = PathMatcher.Create(new PathMatcherSpec { Match = match, MatchType = Enum.Parse<MatchType>(type) });

        Assert.Equal(matches, matcher.TryMatch(path, out _));
    }

    [Theory]
    [InlineData("/users", "Prefix", "/api", "", "", "/api/users", "/users")]
    [InlineData("/", "Prefix", "", "/v2", "", "/users", "/v2/users")]
    [InlineData("/", "Prefix", "/api", "/internal", "", "/api/users", "/internal/users")]
    [InlineData("^/old/(.*)$", "Regex", "", "", "/new/$1", "/old/x/y", "/new/x/y")]
    [InlineData("^/u/(?P<id>[0-9]+)$", "Regex", "", "", "/users/$id/profile", "/u/42", "/users/42/profile")]
    [InlineData("^/(?P<rest>.*)$", "Regex", "", "/api", "/${rest}.json", "/items", "/api/items.json")]
    [InlineData("/x", "Exact", "/tenant", "", "", "/tenant/x", "/x")]
    public void Trim_then_match_then_rewrite_then_append(
        string match, string type, string trimPrefix, string appendPrefix, string rewrite, string path, string forwarded)
    {
        var matcher = PathMatcher.Create(new PathMatcherSpec
        {
            Match = match, MatchType = Enum.Parse<MatchType>(type), TrimPrefix = trimPrefix, AppendPrefix = appendPrefix, Rewrite = rewrite,
        });

        Assert.True(matcher.TryMatch(path, out var forwardPath));
        Assert.Equal(forwarded, forwardPath);
    }

    [Fact]
    public void A_trimPrefix_the_path_does_not_start_with_is_not_removed()
    {
        var matcher = PathMatcher.Create(new PathMatcherSpec { Match = "/users", MatchType = MatchType.Prefix, TrimPrefix = "/api" });

        Assert.True(matcher.TryMatch("/users/7", out var forwardPath));
        Assert.Equal("/users/7", forwardPath);
    }

    [Fact]
    public void A_path_nothing_rewrites_is_forwarded_as_the_same_string_instance()
    {
        var matcher = PathMatcher.Create(new PathMatcherSpec { Match = "^/a", MatchType = MatchType.Regex });
        var path = string.Concat("/a/", "b");

        Assert.True(matcher.TryMatch(path, out var forwardPath));
        Assert.Same(path, forwardPath);
    }

    [Fact]
    public void A_path_that_does_not_match_is_left_as_it_was()
    {
        var matcher = PathMatcher.Create(new PathMatcherSpec { Match = "/api", MatchType = MatchType.Prefix, TrimPrefix = "/t", AppendPrefix = "/x" });

        Assert.False(matcher.TryMatch("/t/other", out var forwardPath));
        Assert.Equal("/t/other", forwardPath);
    }

    [Fact]
    public void A_rewrite_expands_every_match_and_joins_the_expansions_as_Go_does()
    {
        var matcher = PathMatcher.Create(new PathMatcherSpec { Match = "[0-9]+", MatchType = MatchType.Regex, Rewrite = "<$0>" });

        Assert.True(matcher.TryMatch("/a1/b22", out var forwardPath));
        Assert.Equal("<1><22>", forwardPath);
    }

    [Fact]
    public void An_empty_match_right_after_a_match_is_skipped_as_Go_skips_it()
    {
        // Go's FindAll over "baaac" with a*: "" at 0, "aaa" at 1, "" at 5; not the "" at 4 that abuts "aaa".
        var matcher = PathMatcher.Create(new PathMatcherSpec { Match = "a*", MatchType = MatchType.Regex, Rewrite = "[$0]" });

        Assert.True(matcher.TryMatch("baaac", out var forwardPath));
        Assert.Equal("[][aaa][]", forwardPath);
    }

    [Fact]
    public void A_rewrite_on_a_match_type_that_is_not_a_regex_is_ignored()
    {
        var matcher = PathMatcher.Create(new PathMatcherSpec { Match = "/a", MatchType = MatchType.Prefix, Rewrite = "/b" });

        Assert.True(matcher.TryMatch("/a/x", out var forwardPath));
        Assert.Equal("/a/x", forwardPath);
    }

    [Theory]
    [InlineData("Regex", "(")]
    [InlineData("Path", "[a")]
    public void A_pattern_that_does_not_compile_is_refused_when_the_route_is_built(string type, string match)
    {
        var error = Assert.Throws<ArgumentException>(() => PathMatcher.Create(new PathMatcherSpec { Match = match, MatchType = Enum.Parse<MatchType>(type) }));

        Assert.Contains($"'{match}' does not compile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_the_match_and_what_changes_the_path()
    {
        var matcher = PathMatcher.Create(new PathMatcherSpec
        {
            Match = "^/a(.*)", MatchType = MatchType.Regex, TrimPrefix = "/t", AppendPrefix = "/p", Rewrite = "/b$1",
        });

        Assert.Equal("Regex ^/a(.*) trimPrefix=/t appendPrefix=/p rewrite=/b$1", matcher.ToString());
    }
}
