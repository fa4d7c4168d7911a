using Aileron.Balancing;
using Aileron.Simulation;

namespace Aileron.Tests.Simulation;

public sealed class KeyStreamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(int.MaxValue)]
    public void Key_ids_hash_as_the_text_k_id_a_request_would_carry(int id) =>
        Assert.Equal(RequestKey.From($"k{id}"), KeyStream.KeyOf(id));

    [Theory]
    [InlineData(nameof(KeyDistribution.Uniform))]
    [InlineData(nameof(KeyDistribution.Zipf))]
    public void The_same_seed_draws_the_same_keys(string distribution)
    {
        var kind = Enum.Parse<KeyDistribution>(distribution);
        var first = new KeyStream(kind, 100, 9);
        var second = new KeyStream(kind, 100, 9);

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(first.Next(), second.Next());
        }
    }

    [Fact]
    public void Uniform_keys_come_from_the_given_number_of_ids()
    {
        var stream = new KeyStream(KeyDistribution.Uniform, 3, 1);
        var allowed = Enumerable.Range(0, 3).Select(KeyStream.KeyOf).ToHashSet();

        var seen = Enumerable.Range(0, 100).Select(_ => stream.Next()).ToHashSet();

        Assert.Equal(allowed, seen);
    }

    [Fact]
    public void None_gives_the_key_of_a_request_without_one()
    {
        Assert.Equal(RequestKey.Missing(MissingKey.HashEmpty), new KeyStream(KeyDistribution.None, 10, 1).Next());
        Assert.False(new KeyStream(KeyDistribution.None, 10, 1, MissingKey.Random).Next().HasValue);
    }
}
