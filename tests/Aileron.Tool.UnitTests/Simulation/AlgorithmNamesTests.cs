using Aileron.Balancing;
using Aileron.Simulation;

namespace Aileron.Tests.Simulation;

public sealed class AlgorithmNamesTests
{
    [Theory]
    [InlineData("maglev", nameof(LbAlgorithm.Maglev))]
    [InlineData("RingHash", nameof(LbAlgorithm.RingHash))]
    [InlineData("ring-hash", nameof(LbAlgorithm.RingHash))]
    [InlineData("round_robin", nameof(LbAlgorithm.RoundRobin))]
    [InlineData("LEAST-REQUESTS", nameof(LbAlgorithm.LeastRequests))]
    [InlineData("p2c", nameof(LbAlgorithm.PowerOfTwoChoices))]
    public void A_name_is_read_in_any_case_with_or_without_dashes(string text, string expected)
    {
        Assert.True(AlgorithmNames.TryParse(text, out var algorithm, out _));
        Assert.Equal(expected, algorithm.ToString());
    }

    [Fact]
    public void An_unknown_name_suggests_the_closest_and_lists_them_all()
    {
        Assert.False(AlgorithmNames.TryParse("maglv", out _, out var error));

        Assert.Equal(
            "--algo 'maglv': unknown algorithm; did you mean Maglev? "
            + "(choose RoundRobin, Random, RingHash, Maglev, DirectHash, LeastRequests or PowerOfTwoChoices)",
            error);
    }
}
