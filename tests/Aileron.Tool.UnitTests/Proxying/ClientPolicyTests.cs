using Aileron.Configuration.Model;
using Aileron.Errors;
using Aileron.Proxying;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Proxying;

/// <summary>What a server refuses before routing: a CONNECT tunnel, a body over its limit, a path that hides where it really points.</summary>
public sealed class ClientPolicyTests
{
    [Theory]
    [InlineData("/a/b", false)]
    [InlineData("/a/..b/c.", false)]
    [InlineData("/a%2Fb", false)]
    [InlineData("/a%2F...%2Fb", false)]
    [InlineData("/a%2F..", true)]
    [InlineData("/a%2F.%2Fb", true)]
    [InlineData("/a\\..\\b", true)]
    [InlineData("/a/%2e%2E%5cb", true)]
    [InlineData("/a/.%2e/b", true)]
    [InlineData("%2F..", true)]
    public void HidesDotSegment_counts_escaped_slashes_backslashes_and_dots(string path, bool hides) =>
        Assert.Equal(hides, ClientPolicy.HidesDotSegment(path));

    [Fact]
    public void A_connect_request_is_refused()
    {
        var context = Request("CONNECT", "/");

        Assert.Equal(ProxyProblem.ConnectNotAllowed, ClientPolicy.Default.Check(context));
    }

    [Fact]
    public void A_body_announced_over_maxRequestBodySize_is_refused_and_one_at_the_limit_passes()
    {
        var policy = new ClientPolicy(new HttpServerSpec { MaxRequestBodySize = 1000 });

        Assert.Equal(ProxyProblem.BodyTooLarge, policy.Check(Request("POST", "/", contentLength: 1001)));
        Assert.Null(policy.Check(Request("POST", "/", contentLength: 1000)));
        Assert.Null(ClientPolicy.Default.Check(Request("POST", "/", contentLength: 1_000_000)));
    }

    [Theory]
    [InlineData("/a\\..\\b", true)]
    [InlineData("/a%2F..%2Fb", true)]
    [InlineData("/a/b%20c", false)]
    [InlineData("/a/b", false)]
    public void A_path_hiding_a_dot_segment_is_refused_as_a_bad_path(string path, bool refused)
    {
        Assert.Equal(refused ? ProxyProblem.BadPath : (ProxyProblem?)null, ClientPolicy.Default.Check(Request("GET", path)));
    }

    private static DefaultHttpContext Request(string method, string path, long? contentLength = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.ContentLength = contentLength;
        return context;
    }
}
