using Aileron.Patterns;

namespace Aileron.Tests.Patterns;

/// <summary>Go's path.Clean, and the joined handler pattern AILERON registers.</summary>
public sealed class GoPathTests
{
    [Theory]
    [InlineData("", ".")]
    [InlineData("/", "/")]
    [InlineData("abc", "abc")]
    [InlineData("a//c", "a/c")]
    [InlineData("a/c/.", "a/c")]
    [InlineData("a/c/b/..", "a/c")]
    [InlineData("/../a/c", "/a/c")]
    [InlineData("../a/c", "../a/c")]
    [InlineData("a/../..", "..")]
    [InlineData("/a/../../b", "/b")]
    [InlineData("/a/", "/a")]
    [InlineData("//", "/")]
    [InlineData("./", ".")]
    public void Clean_gives_the_shortest_equivalent_path_as_Go_does(string path, string clean) =>
        Assert.Equal(clean, GoPath.Clean(path));

    [Theory]
    [InlineData("", "", "/")]
    [InlineData("/api", "", "/api")]
    [InlineData("/api", "/", "/api/")]
    [InlineData("/api/", "/users/", "/api/users/")]
    [InlineData("", "/a/../b/./c", "/b/c")]
    [InlineData("/", "/{id}", "/{id}")]
    [InlineData("v1", "/users", "/v1/users")]
    public void A_joined_pattern_is_cleaned_and_keeps_the_handlers_trailing_slash(string vhPattern, string handlerPath, string joined) =>
        Assert.Equal(joined, GoPath.JoinPattern(vhPattern, handlerPath));
}
