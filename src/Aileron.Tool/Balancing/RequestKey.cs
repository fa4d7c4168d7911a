namespace Aileron.Balancing;

/// <summary>
/// The hashed key of a request for the hash algorithms (or none, when the request does not carry
/// it: the algorithms then spread such requests evenly instead of piling them on one upstream).
/// </summary>
internal readonly record struct RequestKey(ulong Hash, bool HasValue)
{
    public static RequestKey None => default;

    public static RequestKey From(string key) => new(KeyHasher.Hash(key), true);

    public static RequestKey From(ReadOnlySpan<char> key) => new(KeyHasher.Hash(key), true);

    /// <summary>The key of draw <paramref name="draw"/> (1, 2, …) after the first choice failed; a key-less request stays key-less.</summary>
    public RequestKey Rehash(int draw) => HasValue ? new(KeyHasher.Mix(Hash, (ulong)draw), true) : this;
}
