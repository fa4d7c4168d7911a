using Aileron.Balancing;

namespace Aileron.Tests.Balancing;

public sealed class KeyHasherTests
{
    [Fact]
    public void A_key_hashes_to_the_same_value_in_every_process()
    {
        // xxHash64 of the UTF-8 bytes with seed 0: a fixed value, unlike string.GetHashCode.
        Assert.Equal(0xEF46DB3751D8E999UL, KeyHasher.Hash(string.Empty));
        Assert.Equal(KeyHasher.Hash("k0"), KeyHasher.Hash("k0"u8));
    }

    [Fact]
    public void Long_keys_hash_like_short_ones()
    {
        var text = new string('é', 2_000);

        Assert.Equal(KeyHasher.Hash(System.Text.Encoding.UTF8.GetBytes(text)), KeyHasher.Hash(text));
    }

    [Theory]
    [InlineData(0UL, 7, 0)]
    [InlineData(ulong.MaxValue, 7, 6)]
    [InlineData(0x8000000000000000UL, 10, 5)]
    public void Bucket_maps_the_hash_range_evenly_onto_the_count(ulong hash, int count, int expected) =>
        Assert.Equal(expected, KeyHasher.Bucket(hash, count));
}
