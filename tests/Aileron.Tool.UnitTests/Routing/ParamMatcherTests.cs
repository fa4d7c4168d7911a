using Aileron.Configuration.Model;
using Aileron.Patterns;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;
using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Tests.Routing;

/// <summary>A header, query or path-parameter matcher: any pattern may match; a missing value never does.</summary>
public sealed class ParamMatcherTests
{
    [Fact]
    public void A_header_matches_when_any_of_its_patterns_does_and_a_missing_header_never_does()
    {
        var matcher = Matcher(ParamSource.Header, "X-Tier", MatchType.Exact, "gold", "platinum");

        Assert.True(matcher.IsMatch(WithHeaders(("x-tier", "platinum")), PathParameters.Empty));
        Assert.True(matcher.IsMatch(WithHeaders(("X-Tier", "gold")), PathParameters.Empty));
        Assert.False(matcher.IsMatch(WithHeaders(("X-Tier", "silver")), PathParameters.Empty));
        Assert.False(matcher.IsMatch(WithHeaders(), PathParameters.Empty));
    }

    [Fact]
    public void Repeated_header_values_are_joined_with_commas_and_matched_as_one_string()
    {
        var matcher = Matcher(ParamSource.Header, "X-Env", MatchType.Exact, "a,b");

        Assert.True(matcher.IsMatch(WithHeaders(("X-Env", "a"), ("X-Env", "b")), PathParameters.Empty));
        Assert.False(matcher.IsMatch(WithHeaders(("X-Env", "a")), PathParameters.Empty));
    }

    [Fact]
    public void A_regex_header_matcher_searches_anywhere_in_the_value()
    {
        var matcher = Matcher(ParamSource.Header, "User-Agent", MatchType.Regex, "curl/");

        Assert.True(matcher.IsMatch(WithHeaders(("User-Agent", "x curl/8.0")), PathParameters.Empty));
        Assert.False(matcher.IsMatch(WithHeaders(("User-Agent", "wget")), PathParameters.Empty));
    }

    [Theory]
    [InlineData("?v=2", true)]
    [InlineData("?v=2&v=3", true)]
    [InlineData("?v=1", false)]
    [InlineData("?w=2", false)]
    public void A_query_matcher_matches_the_value_or_the_repeats_joined_with_commas(string query, bool matches)
    {
        var matcher = Matcher(ParamSource.Query, "v", MatchType.Exact, "2", "2,3");
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);

        Assert.Equal(matches, matcher.IsMatch(context, PathParameters.Empty));
    }

    [Fact]
    public void A_query_value_is_matched_decoded()
    {
        var matcher = Matcher(ParamSource.Query, "name", MatchType.Exact, "a b");
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?name=a%20b");

        Assert.True(matcher.IsMatch(context, PathParameters.Empty));
    }

    [Theory]
    [InlineData("/users/42/x", true)]
    [InlineData("/users/bob/x", false)]
    public void A_path_parameter_matcher_reads_the_value_the_handler_pattern_captured(string path, bool matches)
    {
        var matcher = Matcher(ParamSource.PathParam, "id", MatchType.Regex, "^[0-9]+$");

        Assert.Equal(matches, matcher.IsMatch(new DefaultHttpContext(), Captured("/users/{id}/{rest...}", path)));
    }

    [Fact]
    public void An_empty_or_uncaptured_path_parameter_never_matches()
    {
        var anything = Matcher(ParamSource.PathParam, "rest", MatchType.Regex, ".*");
        var other = Matcher(ParamSource.PathParam, "other", MatchType.Regex, ".*");

        Assert.False(anything.IsMatch(new DefaultHttpContext(), Captured("/files/{rest...}", "/files/")));
        Assert.True(anything.IsMatch(new DefaultHttpContext(), Captured("/files/{rest...}", "/files/a")));
        Assert.False(other.IsMatch(new DefaultHttpContext(), Captured("/files/{rest...}", "/files/a")));
        Assert.False(other.IsMatch(new DefaultHttpContext(), PathParameters.Empty));
    }

    [Fact]
    public void ToString_names_the_source_the_key_and_the_patterns()
    {
        Assert.Equal("Header[X-Tier] Exact gold | platinum", Matcher(ParamSource.Header, "X-Tier", MatchType.Exact, "gold", "platinum").ToString());
    }

    private static ParamMatcher Matcher(ParamSource source, string key, MatchType type, params string[] patterns) =>
        ParamMatcher.Create(source, new ParamMatcherSpec { Key = key, MatchType = type, Patterns = patterns });

    private static DefaultHttpContext WithHeaders(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers.Append(name, value);
        }

        return context;
    }

    private static PathParameters Captured(string pattern, string path)
    {
        Assert.True(RoutePattern.TryParse(pattern, out var parsed, out var error), error);
        var values = new Range[parsed.ParameterNames.Count];
        Assert.True(parsed.TryMatch(path, values), $"{pattern} does not match {path}");
        return new PathParameters(parsed, path, values);
    }
}
