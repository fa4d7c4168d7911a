using System.Runtime.CompilerServices;

namespace Aileron.Forwarding.Yarp;

/// <summary>
/// Parsed upstream request URIs by their text, so a URL the proxy forwards to again (the same
/// upstream, path and query: health endpoints, hot API routes) is not parsed again. Parsing a
/// <see cref="Uri"/> and the parts the HTTP client reads from it (host, port, path and query) costs
/// more than the rest of the request's own work; a <see cref="Uri"/> is immutable and safe to share
/// between requests. Direct-mapped and lock-free: a slot holds the last URL that hashed to it, a
/// miss parses and replaces it, so a stream of distinct URLs costs one comparison more than no
/// cache and memory stays bounded.
/// </summary>
internal sealed class UpstreamUriCache
{
    /// <summary>Slots of the shared instance: enough for the hot URLs of many upstreams, a few KB when full.</summary>
    public const int DefaultSlots = 1024;

    public static readonly UpstreamUriCache Shared = new(DefaultSlots);

    private readonly Entry?[] _slots;
    private readonly int _mask;

    /// <param name="slots">A power of two.</param>
    public UpstreamUriCache(int slots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "a power of two");
        }

        _slots = new Entry?[slots];
        _mask = slots - 1;
    }

    /// <summary>The absolute URI of <paramref name="url"/>, parsed once while it stays in its slot.</summary>
    public Uri Get(string url)
    {
        // The per-process randomised hash is right here: a slot only has to spread URLs, and no
        // client can aim many URLs at one slot.
        ref var slot = ref _slots[url.GetHashCode() & _mask];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && string.Equals(entry.Url, url, StringComparison.Ordinal))
        {
            return entry.Uri;
        }

        return Add(ref slot, url);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Uri Add(ref Entry? slot, string url)
    {
        var uri = new Uri(url, UriKind.Absolute);
        Volatile.Write(ref slot, new Entry(url, uri));
        return uri;
    }

    private sealed record Entry(string Url, Uri Uri);
}
