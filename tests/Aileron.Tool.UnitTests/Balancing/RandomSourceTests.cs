using Aileron.Balancing;

namespace Aileron.Tests.Balancing;

public sealed class RandomSourceTests
{
    [Fact]
    public void The_same_seed_gives_the_same_sequence()
    {
        var first = new RandomSource(42);
        var second = new RandomSource(42);

        Assert.Equal(Enumerable.Range(0, 10).Select(_ => first.NextUInt64()), Enumerable.Range(0, 10).Select(_ => second.NextUInt64()));
    }

    [Fact]
    public void Next_stays_below_its_bound_and_reaches_every_value()
    {
        var random = new RandomSource(1);
        var seen = new bool[7];
        for (var i = 0; i < 1_000; i++)
        {
            seen[random.Next(7)] = true;
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void Remix_gives_a_different_value_without_advancing_the_source()
    {
        var random = new RandomSource(5);
        var value = random.NextUInt64();

        Assert.NotEqual(value, RandomSource.Remix(value));
        Assert.Equal(new RandomSource(5).NextUInt64(), value);
    }
}
