using Aileron.Patterns;

namespace Aileron.Tests.Patterns;

/// <summary>
/// Go's own <c>path.Match</c> and <c>filepath.Match</c> test vectors (the two lists are the same),
/// each as the runtime strings Go tests with: pattern, name, whether it matches, whether the pattern
/// is malformed (<c>ErrBadPattern</c>). Unit tests: no sockets.
/// </summary>
public sealed class GoPathMatchTests
{
    public static TheoryData<string, string, bool, bool> GoVectors => new()
    {
        { "abc", "abc", true, false },
        { "*", "abc", true, false },
        { "*c", "abc", true, false },
        { "a*", "a", true, false },
        { "a*", "abc", true, false },
        { "a*", "ab/c", false, false },
        { "a*/b", "abc/b", true, false },
        { "a*/b", "a/c/b", false, false },
        { "a*b*c*d*e*/f", "axbxcxdxe/f", true, false },
        { "a*b*c*d*e*/f", "axbxcxdxexxx/f", true, false },
        { "a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false, false },
        { "a*b*c*d*e*/f", "axbxcxdxexxx/fff", false, false },
        { "a*b?c*x", "abxbbxdbxebxczzx", true, false },
        { "a*b?c*x", "abxbbxdbxebxczzy", false, false },
        { "ab[c]", "abc", true, false },
        { "ab[b-d]", "abc", true, false },
        { "ab[e-g]", "abc", false, false },
        { "ab[^c]", "abc", false, false },
        { "ab[^b-d]", "abc", false, false },
        { "ab[^e-g]", "abc", true, false },
        { "a\\*b", "a*b", true, false },
        { "a\\*b", "ab", false, false },
        { "a?b", "a☺b", true, false },
        { "a[^a]b", "a☺b", true, false },
        { "a???b", "a☺b", false, false },
        { "a[^a][^a][^a]b", "a☺b", false, false },
        { "[a-ζ]*", "α", true, false },
        { "*[a-ζ]", "A", false, false },
        { "a?b", "a/b", false, false },
        { "a*b", "a/b", false, false },
        { "[\\]a]", "]", true, false },
        { "[\\-]", "-", true, false },
        { "[x\\-]", "x", true, false },
        { "[x\\-]", "-", true, false },
        { "[x\\-]", "z", false, false },
        { "[\\-x]", "x", true, false },
        { "[\\-x]", "-", true, false },
        { "[\\-x]", "a", false, false },
        { "[]a]", "]", false, true },
        { "[-]", "-", false, true },
        { "[x-]", "x", false, true },
        { "[x-]", "-", false, true },
        { "[x-]", "z", false, true },
        { "[-x]", "x", false, true },
        { "[-x]", "-", false, true },
        { "[-x]", "a", false, true },
        { "\\", "a", false, true },
        { "[a-b-c]", "a", false, true },
        { "[", "a", false, true },
        { "[^", "a", false, true },
        { "[^bc", "a", false, true },
        { "a[", "a", false, true },
        { "a[", "ab", false, true },
        { "a[", "x", false, true },
        { "a/b[", "x", false, true },
        { "*x", "xxx", true, false },
    };

    [Fact]
    public void All_56_of_Gos_vectors_are_here() => Assert.Equal(56, GoVectors.Count);

    [Theory]
    [MemberData(nameof(GoVectors))]
    public void Matches_as_Go_does(string pattern, string name, bool matches, bool badPattern)
    {
        var matched = GoPathMatch.Match(pattern, name, out var bad);

        Assert.Equal((matches, badPattern), (matched, bad));
        Assert.Equal(!badPattern, GoPathMatch.IsValid(pattern, out var error));
        Assert.Equal(badPattern, error.Length > 0);
    }

    [Theory]
    [InlineData("/files/[a-", "'[' at 8 has no closing ']'")]
    [InlineData("a\\", "a trailing '\\' escapes nothing")]
    public void A_malformed_pattern_is_explained(string pattern, string reason)
    {
        Assert.False(GoPathMatch.IsValid(pattern, out var error));
        Assert.StartsWith(reason, error);
    }

    [Theory]
    [InlineData("/test5/*", "/test5/foo", true)]
    [InlineData("/test5/*", "/test5/foo/bar", false)]
    [InlineData("[^a]", "/", true)]
    [InlineData("*/*", "application/json", true)]
    [InlineData("application/*", "text/plain", false)]
    [InlineData("E1*", "E1001", true)]
    [InlineData("*", "", true)]
    public void Matches_the_ways_AILERON_uses_it(string pattern, string name, bool matches) =>
        Assert.Equal(matches, GoPathMatch.IsMatch(pattern, name));
}
