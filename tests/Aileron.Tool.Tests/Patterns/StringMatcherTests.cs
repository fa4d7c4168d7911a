using Aileron.Patterns;
using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Tests.Patterns;

/// <summary>The Path and FilePath match types are Go's path.Match, escapes in classes included. Unit tests: no sockets.</summary>
public sealed class StringMatcherTests
{
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
