using System.Text;
using Aileron.Forwarding.Http1;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Tests.Forwarding.Http1;

/// <summary>Unit tests: which trailer fields of an upstream's chunked answer reach a client that takes trailers.</summary>
public sealed class Http1TrailersTests
{
    [Theory]
    [InlineData("X-Checksum: abc123", "X-Checksum", "abc123")]
    [InlineData("grpc-status:0", "grpc-status", "0")]
    [InlineData("X-Padded: \t spaced out \t", "X-Padded", "spaced out")]
    public void A_well_formed_field_is_passed_on_with_its_value_trimmed(string line, string name, string value)
    {
        var (response, trailers) = Response();

        Http1Trailers.Append(response, Encoding.Latin1.GetBytes(line));

        Assert.Equal(value, trailers[name]);
    }

    [Theory]
    [InlineData("Content-Length: 5")]
    [InlineData("Transfer-Encoding: chunked")]
    [InlineData("Connection: close")]
    [InlineData("Host: elsewhere")]
    [InlineData("Set-Cookie: a=1")]
    [InlineData("Bad Name: x")]
    [InlineData(": no name")]
    [InlineData("no colon")]
    [InlineData("X-Control: a\u0001b")]
    public void A_field_about_framing_or_routing_or_one_not_well_formed_is_left_out(string line)
    {
        var (response, trailers) = Response();

        Http1Trailers.Append(response, Encoding.Latin1.GetBytes(line));

        Assert.Empty(trailers);
    }

    private static (HttpResponse Response, IHeaderDictionary Trailers) Response()
    {
        var context = new DefaultHttpContext();
        var feature = new TrailersFeature();
        context.Features.Set<IHttpResponseTrailersFeature>(feature);
        return (context.Response, feature.Trailers);
    }

    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }
}
