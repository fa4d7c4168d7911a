using Aileron.Patterns;

namespace Aileron.Tests.Patterns;

/// <summary>The words a malformed Go pattern is reported in, pointing at the character to fix. Unit tests: no sockets.</summary>
public sealed class GoPathMatchErrorsTests
{
    [Theory]
    [InlineData("/files/[a-", "'[' at 8 has no closing ']'")]
    [InlineData("[]a]", "']' at 2 must be escaped as '\\]'")]
    [InlineData("[x-]", "']' at 4 must be escaped as '\\]'")]
    [InlineData("[-x]", "'-' at 2 must be escaped as '\\-'")]
    [InlineData("[a-b-c]", "'-' at 5 must be escaped as '\\-'")]
    [InlineData("a\\", "a trailing '\\' escapes nothing")]
    [InlineData("[^", "'[' at 1 has no closing ']'")]
    public void A_malformed_pattern_is_explained_at_the_character_to_fix(string pattern, string reason) =>
        Assert.StartsWith(reason, GoPathMatchErrors.Explain(pattern));

    [Theory]
    [InlineData("[\\]a]")]
    [InlineData("a[b-c]*\\*")]
    public void A_fault_the_walk_does_not_find_is_reported_in_Gos_words(string pattern) =>
        Assert.Equal(GoPathMatch.BadPattern, GoPathMatchErrors.Explain(pattern));

    [Fact]
    public void A_member_that_is_a_surrogate_pair_counts_as_one_character() =>
        Assert.StartsWith("']' at 5 must be escaped", GoPathMatchErrors.Explain("[😀-]"));
}
