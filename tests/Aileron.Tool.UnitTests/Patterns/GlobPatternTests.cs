using Aileron.Patterns;

namespace Aileron.Tests.Patterns;

/// <summary>Go's path.Match globs as anchored regular expressions: * and ? never cross a '/'.</summary>
public sealed class GlobPatternTests
{
    [Theory]
    [InlineData("/api/*/items", "/api/v1/items", true)]
    [InlineData("/api/*/items", "/api//items", true)]
    [InlineData("/api/*/items", "/api/v1/x/items", false)]
    [InlineData("/static/?.css", "/static/a.css", true)]
    [InlineData("/static/?.css", "/static/ab.css", false)]
    [InlineData("/a?c", "/a/c", false)]
    [InlineData("/v[12]/x", "/v2/x", true)]
    [InlineData("/v[12]/x", "/v3/x", false)]
    [InlineData("/v[a-c]", "/vb", true)]
    [InlineData("/v[^12]", "/v3", true)]
    [InlineData("/v[^12]", "/v1", false)]
    [InlineData("/a[^x]b", "/a/b", false)]
    [InlineData("/a.b", "/axb", false)]
    [InlineData("/a\\*b", "/a*b", true)]
    [InlineData("/a\\*b", "/axb", false)]
    [InlineData("/x", "/x/y", false)]
    [InlineData("/x", "/pre/x", false)]
    public void A_glob_matches_the_whole_value_segment_by_segment(string glob, string value, bool matches)
    {
        Assert.True(GlobPattern.TryCreate(glob, out var regex, out var error), error);

        Assert.Equal(matches, regex!.IsMatch(value));
    }

    [Theory]
    [InlineData("/a\\", "a trailing '\\' escapes nothing")]
    [InlineData("/a[bc", "'[' at 3 has no closing ']'")]
    [InlineData("/a[^]", "empty character class at 3")]
    [InlineData("/a[z-a]", "[z-a]")]
    public void A_glob_that_does_not_parse_says_what_is_wrong(string glob, string message)
    {
        Assert.False(GlobPattern.TryCreate(glob, out var regex, out var error));

        Assert.Null(regex);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_check_without_compiling_accepts_the_same_globs()
    {
        Assert.True(GlobPattern.TryCreate("/a/*.css", out var regex, out _, compile: false));
        Assert.Matches(regex!, "/a/site.css");
        Assert.False(GlobPattern.TryCreate("/a[", out _, out _, compile: false));
    }

    [Fact]
    public void A_glob_is_matched_with_the_time_bound_of_every_pattern()
    {
        Assert.True(GlobPattern.TryCreate("/*", out var regex, out _));

        Assert.Equal(PatternRegex.MatchTimeout, regex!.MatchTimeout);
    }
}
