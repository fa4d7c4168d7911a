using System.Text.RegularExpressions;
using Aileron.Patterns;
using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Tests.Patterns;

/// <summary>AILERON's string matching: a value matches when any pattern does, by the matcher's type.</summary>
public sealed class StringMatcherTests
{
    [Theory]
    [InlineData("Exact", "gold", "gold", true)]
    [InlineData("Exact", "gold", "Gold", false)]
    [InlineData("Prefix", "/api", "/api/x", true)]
    [InlineData("Prefix", "/api", "/x/api", false)]
    [InlineData("Suffix", ".json", "a.json", true)]
    [InlineData("Suffix", ".json", "a.json5", false)]
    [InlineData("Contains", "admin", "x-admin-y", true)]
    [InlineData("Contains", "admin", "x-Admin-y", false)]
    [InlineData("Path", "/a/*", "/a/b", true)]
    [InlineData("Path", "/a/*", "x/a/b", false)]
    [InlineData("FilePath", "*.css", "site.css", true)]
    [InlineData("FilePath", "*.css", "dir/site.css", false)]
    [InlineData("Regex", "[0-9]{3}", "order-123-x", true)]
    [InlineData("Regex", "^[0-9]{3}$", "order-123", false)]
    [InlineData("RegexPOSIX", "b|bc", "abcd", true)]
    public void Each_match_type_compares_as_AILERON_does(string type, string pattern, string value, bool matches)
    {
        var matcher = StringMatcher.Create(Enum.Parse<MatchType>(type), [pattern]);

        Assert.Equal(matches, matcher.IsMatch(value));
    }

    [Theory]
    [InlineData("Exact")]
    [InlineData("Regex")]
    [InlineData("Path")]
    public void A_value_matches_when_any_of_the_patterns_does(string type)
    {
        var matcher = StringMatcher.Create(Enum.Parse<MatchType>(type), ["one", "two"]);

        Assert.True(matcher.IsMatch("two"));
        Assert.False(matcher.IsMatch("three"));
        Assert.False(StringMatcher.Create(Enum.Parse<MatchType>(type), []).IsMatch("one"));
    }

    [Fact]
    public void A_regex_that_runs_out_of_time_does_not_match_instead_of_failing_the_request()
    {
        var hostile = new Regex("^(a+)+$", RegexOptions.None, TimeSpan.FromMilliseconds(10));

        Assert.False(StringMatcher.SafeIsMatch(hostile, new string('a', 64) + "!"));
        Assert.True(StringMatcher.SafeIsMatch(hostile, "aaa"));
    }

    [Fact]
    public void A_pattern_that_does_not_compile_is_refused_when_the_matcher_is_built()
    {
        var error = Assert.Throws<ArgumentException>(() => StringMatcher.Create(MatchType.Regex, ["("]));

        Assert.Contains("'(' does not compile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_matcher_shows_its_type_and_patterns()
    {
        var matcher = StringMatcher.Create(MatchType.Prefix, ["/a", "/b"]);

        Assert.Equal(MatchType.Prefix, matcher.Type);
        Assert.Equal(["/a", "/b"], matcher.Patterns);
        Assert.Equal("Prefix /a | /b", matcher.ToString());
    }

    [Theory]
    [InlineData(nameof(MatchType.Path), "[\\]a]", "]", true)]
    [InlineData(nameof(MatchType.Path), "[\\]a]", "a", true)]
    [InlineData(nameof(MatchType.Path), "[\\-x]", "-", true)]
    [InlineData(nameof(MatchType.Path), "[\\-x]", "a", false)]
    [InlineData(nameof(MatchType.FilePath), "[\\]a]", "]", true)]
    [InlineData(nameof(MatchType.FilePath), "[\\-x]", "a", false)]
    [InlineData(nameof(MatchType.Path), "v[0-9]*", "v12", true)]
    [InlineData(nameof(MatchType.Path), "v*", "v1/x", false)]
    public void Path_and_FilePath_patterns_match_as_Gos_path_Match(string type, string pattern, string value, bool matches) =>
        Assert.Equal(matches, StringMatcher.Create(Enum.Parse<MatchType>(type), [pattern]).IsMatch(value));
}
