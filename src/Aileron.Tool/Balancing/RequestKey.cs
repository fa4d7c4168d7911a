namespace Aileron.Balancing;

/// <summary>
/// The hashed key of a request for the hash algorithms, or none: the algorithms then pick at random
/// (by weight). A request without its key gets <see cref="Missing"/>: the hash of the empty key
/// (AILERON's behaviour, one upstream for all of them) or none.
/// </summary>
internal readonly record struct RequestKey(ulong Hash, bool HasValue)
{
    /// <summary>The hash of the empty key, which AILERON hashes when a request lacks its key.</summary>
    public static readonly RequestKey Empty = From(string.Empty);

    public static RequestKey None => default;

    /// <summary>The key a request without one is picked by under <paramref name="policy"/>.</summary>
    public static RequestKey Missing(MissingKey policy) => policy == MissingKey.HashEmpty ? Empty : None;

    public static RequestKey From(string key) => new(KeyHasher.Hash(key), true);

    public static RequestKey From(ReadOnlySpan<char> key) => new(KeyHasher.Hash(key), true);

    /// <summary>The key of draw <paramref name="draw"/> (1, 2, …) after the first choice failed; a key-less request stays key-less.</summary>
    public RequestKey Rehash(int draw) => HasValue ? new(KeyHasher.Mix(Hash, (ulong)draw), true) : this;
}
