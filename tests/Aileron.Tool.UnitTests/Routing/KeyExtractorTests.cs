using System.Net;
using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Patterns;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Routing;

/// <summary>The request key a hasher names, hashed: the client address, a header, a cookie, a query or a path parameter.</summary>
public sealed class KeyExtractorTests
{
    [Fact]
    public void The_client_address_key_ignores_the_port_so_a_client_keeps_its_upstream_across_connections()
    {
        var extractor = KeyExtractor.Create(null);

        var first = extractor.Extract(Context(IPAddress.Parse("10.1.2.3"), 50_000), PathParameters.Empty);
        var second = extractor.Extract(Context(IPAddress.Parse("10.1.2.3"), 50_001), PathParameters.Empty);

        Assert.True(first.HasValue);
        Assert.Equal(first, second);
    }

    [Fact]
    public void An_ipv4_mapped_address_hashes_as_its_ipv4_form()
    {
        Assert.Equal(
            KeyExtractor.FromAddress(IPAddress.Parse("192.0.2.7")),
            KeyExtractor.FromAddress(IPAddress.Parse("::ffff:192.0.2.7")));
    }

    [Theory]
    [InlineData(nameof(HashSource.Header))]
    [InlineData(nameof(HashSource.Query))]
    [InlineData(nameof(HashSource.Cookie))]
    public void A_named_value_hashes_as_its_text_and_a_missing_one_as_the_empty_key_as_AILERON_does(string sourceName)
    {
        var source = Enum.Parse<HashSource>(sourceName);
        var extractor = new KeyExtractor(source, "Hash-Key");
        var context = new DefaultHttpContext();

        Assert.Equal(RequestKey.From(string.Empty), extractor.Extract(context, PathParameters.Empty));
        Assert.Equal(RequestKey.None, new KeyExtractor(source, "Hash-Key", MissingKey.Random).Extract(context, PathParameters.Empty));

        switch (source)
        {
            case HashSource.Header:
                context.Request.Headers["Hash-Key"] = "user-7";
                break;
            case HashSource.Query:
                context.Request.QueryString = new QueryString("?Hash-Key=user-7");
                break;
            default:
                context.Request.Headers.Cookie = "Hash-Key=user-7";
                break;
        }

        Assert.Equal(RequestKey.From("user-7"), extractor.Extract(context, PathParameters.Empty));
    }

    [Theory]
    [InlineData(nameof(HashSource.Header))]
    [InlineData(nameof(HashSource.Query))]
    public void A_repeated_header_or_query_key_hashes_its_first_value_as_AILERON_does(string sourceName)
    {
        var source = Enum.Parse<HashSource>(sourceName);
        var context = new DefaultHttpContext();
        if (source == HashSource.Header)
        {
            context.Request.Headers["Hash-Key"] = new Microsoft.Extensions.Primitives.StringValues(["first", "second"]);
        }
        else
        {
            context.Request.QueryString = new QueryString("?Hash-Key=first&Hash-Key=second");
        }

        Assert.Equal(RequestKey.From("first"), new KeyExtractor(source, "Hash-Key").Extract(context, PathParameters.Empty));
    }

    [Fact]
    public void A_path_parameter_hashes_as_its_text()
    {
        Assert.True(RoutePattern.TryParse("/users/{id}", out var pattern, out _));
        var values = new Range[1];
        Assert.True(pattern.TryMatch("/users/42", values));
        var extractor = new KeyExtractor(HashSource.PathParam, "id");

        Assert.Equal(RequestKey.From("42"), extractor.Extract(new DefaultHttpContext(), new PathParameters(pattern, "/users/42", values)));
    }

    [Fact]
    public void Without_a_hasher_the_client_address_is_the_key()
    {
        var extractor = KeyExtractor.Create(null);

        Assert.Equal((HashSource.ClientAddr, string.Empty), (extractor.Source, extractor.Key));
        Assert.Equal(KeyExtractor.FromAddress(IPAddress.Parse("10.1.2.3")), extractor.Extract(Context(IPAddress.Parse("10.1.2.3"), 1), PathParameters.Empty));
    }

    [Fact]
    public void A_connection_without_a_client_address_hashes_the_empty_key_as_a_missing_key_does()
    {
        Assert.Equal(RequestKey.From(string.Empty), KeyExtractor.Create(null).Extract(new DefaultHttpContext(), PathParameters.Empty));
        Assert.False(KeyExtractor.FromAddress(null).HasValue);
    }

    [Fact]
    public void An_empty_value_is_a_missing_key_and_follows_its_policy()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["Hash-Key"] = string.Empty;
        context.Request.QueryString = new QueryString("?Hash-Key=");
        Assert.True(RoutePattern.TryParse("/files/{rest...}", out var pattern, out _));
        var values = new Range[1];
        Assert.True(pattern.TryMatch("/files/", values));

        var empty = RequestKey.From(string.Empty);
        Assert.Equal(empty, new KeyExtractor(HashSource.Header, "Hash-Key").Extract(context, PathParameters.Empty));
        Assert.Equal(empty, new KeyExtractor(HashSource.Query, "Hash-Key").Extract(context, PathParameters.Empty));
        Assert.Equal(empty, new KeyExtractor(HashSource.PathParam, "rest").Extract(context, new PathParameters(pattern, "/files/", values)));
        Assert.False(new KeyExtractor(HashSource.Header, "Hash-Key", MissingKey.Random).Extract(context, PathParameters.Empty).HasValue);
    }

    private static DefaultHttpContext Context(IPAddress address, int port)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = address;
        context.Connection.RemotePort = port;
        return context;
    }
}
