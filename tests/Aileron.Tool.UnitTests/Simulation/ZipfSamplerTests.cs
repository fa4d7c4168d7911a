using Aileron.Balancing;
using Aileron.Simulation;

namespace Aileron.Tests.Simulation;

public sealed class ZipfSamplerTests
{
    [Fact]
    public void Rank_k_is_drawn_in_proportion_to_1_over_k()
    {
        const int Count = 1_000;
        const int Draws = 200_000;
        var sampler = new ZipfSampler(Count);
        var random = new RandomSource(3);
        var counts = new int[Count];
        for (var i = 0; i < Draws; i++)
        {
            counts[sampler.Sample(random.NextUInt64())]++;
        }

        var harmonic = Enumerable.Range(1, Count).Sum(k => 1.0 / k);
        Assert.InRange(counts[0] / (double)Draws, (1 / harmonic) - 0.005, (1 / harmonic) + 0.005);
        Assert.InRange(counts[1] / (double)counts[0], 0.47, 0.53);
        Assert.InRange(counts[9] / (double)counts[0], 0.08, 0.12);
    }

    [Fact]
    public void Extreme_random_values_stay_in_range()
    {
        var sampler = new ZipfSampler(10);

        Assert.Equal(0, sampler.Sample(0));
        Assert.Equal(9, sampler.Sample(ulong.MaxValue));
        Assert.Equal(0, new ZipfSampler(1).Sample(ulong.MaxValue));
    }
}
