using Aileron.Forwarding.Yarp;

namespace Aileron.Tests.Forwarding.Yarp;

public sealed class UpstreamUriCacheTests
{
    [Fact]
    public void The_same_url_is_parsed_once()
    {
        var cache = new UpstreamUriCache(16);
        var first = cache.Get(string.Concat("http://127.0.0.1:8001", "/api/items", "?page=2"));
        var again = cache.Get(string.Concat("http://127.0.0.1:8001", "/api/items", "?page=2"));

        Assert.Same(first, again);
        Assert.Equal(new Uri("http://127.0.0.1:8001/api/items?page=2"), first);
    }

    [Fact]
    public void Urls_sharing_a_slot_each_get_their_own_uri()
    {
        // One slot: every URL collides, and each answer must still be its own URL.
        var cache = new UpstreamUriCache(1);
        string[] urls = ["http://a:1/x", "http://b:2/y?q=%2F", "http://a:1/x", "http://[::1]:3/%2Fz"];

        foreach (var url in urls)
        {
            var uri = cache.Get(url);
            Assert.Equal(new Uri(url).AbsoluteUri, uri.AbsoluteUri);
            Assert.Equal(new Uri(url).PathAndQuery, uri.PathAndQuery);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void The_slot_count_is_a_power_of_two(int slots) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new UpstreamUriCache(slots));
}
