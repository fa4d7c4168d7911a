using Aileron.Configuration.Diagnostics;

namespace Aileron.Tests.Configuration.Diagnostics;

public sealed class NameSuggesterTests
{
    [Theory]
    [InlineData("lbAlgoritm", "lbAlgorithm")]
    [InlineData("upstream", "upstreams")]
    [InlineData("Maglv", "Maglev")]
    [InlineData("roundrobin", "RoundRobin")]
    public void Closest_suggests_the_likely_intended_name(string typo, string expected) =>
        Assert.Equal(expected, NameSuggester.Closest(typo, ["lbAlgorithm", "upstreams", "Maglev", "RoundRobin", "hosts"]));

    [Fact]
    public void Closest_suggests_nothing_for_an_unrelated_name() =>
        Assert.Null(NameSuggester.Closest("zzzzzz", ["lbAlgorithm", "upstreams"]));

    [Fact]
    public void Rank_orders_candidates_nearest_first() =>
        Assert.Equal(["Maglev", "Random", "RingHash"], NameSuggester.Rank("Maglv", ["RingHash", "Random", "Maglev"]));

    [Fact]
    public void Distance_counts_an_adjacent_swap_as_one_edit() => Assert.Equal(1, NameSuggester.Distance("ab", "ba"));
}
