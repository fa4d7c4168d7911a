using System.Text.RegularExpressions;
using Aileron.Patterns;

namespace Aileron.Tests.Patterns;

/// <summary>AILERON's Go (RE2) regular expressions on .NET's engine: named groups, replacement templates, a time bound.</summary>
public sealed class PatternRegexTests
{
    [Fact]
    public void A_go_named_group_compiles_and_captures_by_its_name()
    {
        Assert.True(PatternRegex.TryCreate("^/u/(?P<id>[0-9]+)$", out var regex, out var error), error);

        Assert.Equal("42", regex!.Match("/u/42").Groups["id"].Value);
    }

    [Theory]
    [InlineData("(")]
    [InlineData("a{2,1}")]
    [InlineData("[z-a]")]
    public void A_pattern_that_does_not_compile_gives_no_regex_and_the_reason(string pattern)
    {
        Assert.False(PatternRegex.TryCreate(pattern, out var regex, out var error));

        Assert.Null(regex);
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("$1", "$1")]
    [InlineData("${1}", "${1}")]
    [InlineData("$name", "${name}")]
    [InlineData("${name}", "${name}")]
    [InlineData("/users/$id/profile", "/users/${id}/profile")]
    [InlineData("$$name", "$$name")]
    [InlineData("$$$name", "$$${name}")]
    [InlineData("no references", "no references")]
    public void A_go_template_becomes_the_same_dotnet_replacement(string template, string replacement) =>
        Assert.Equal(replacement, PatternRegex.TranslateReplacement(template));

    [Fact]
    public void A_translated_template_expands_as_go_would()
    {
        Assert.True(PatternRegex.TryCreate("^/(?P<a>[a-z]+)/(?P<b>[0-9]+)$", out var regex, out _));

        Assert.Equal("/2/x/$a", regex!.Replace("/x/2", PatternRegex.TranslateReplacement("/$b/$a/$$a")));
    }

    [Fact]
    public void Matching_is_time_bounded_so_a_hostile_value_cannot_stall_a_request()
    {
        Assert.True(PatternRegex.TryCreate("^(a+)+$", out var regex, out _, compile: false));

        Assert.Equal(PatternRegex.MatchTimeout, regex!.MatchTimeout);
        Assert.Throws<RegexMatchTimeoutException>(() => regex.IsMatch(new string('a', 64) + "!"));
    }
}
