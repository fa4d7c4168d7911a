using System.Buffers;
using System.IO.Hashing;
using System.Text;

namespace Aileron.Balancing;

/// <summary>
/// xxHash64 of keys and URLs, over their UTF-8 bytes: the same value in every process and on every
/// machine (unlike <c>string.GetHashCode</c>), so proxies with one config pick alike. Allocation-free.
/// </summary>
internal static class KeyHasher
{
    private const int StackLimit = 512;

    public static ulong Hash(string text, long seed = 0) => Hash(text.AsSpan(), seed);

    public static ulong Hash(ReadOnlySpan<char> text, long seed = 0)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= StackLimit)
        {
            Span<byte> buffer = stackalloc byte[StackLimit];
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return XxHash64.HashToUInt64(buffer[..length], seed);
        }

        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            return XxHash64.HashToUInt64(rented.AsSpan(0, length), seed);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static ulong Hash(ReadOnlySpan<byte> bytes, long seed = 0) => XxHash64.HashToUInt64(bytes, seed);

    /// <summary>
    /// A new hash from <paramref name="hash"/> and <paramref name="salt"/> (SplitMix64's finalizer):
    /// the key of a request's next draw, as deterministic as the first.
    /// </summary>
    public static ulong Mix(ulong hash, ulong salt)
    {
        var z = hash + (salt * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// Maps a 64-bit hash evenly onto [0, <paramref name="count"/>) by multiply-high (Lemire's fast
    /// range): as even as a modulo, and a few times cheaper in the pick path.
    /// </summary>
    public static int Bucket(ulong hash, int count) => (int)Math.BigMul(hash, (ulong)count, out _);
}
