using System.Net;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>HTTP/2 without TLS (h2c, prior knowledge) as AILERON's http2Config decides it (functional).</summary>
public sealed class CleartextHttp2Tests
{
    private static async Task<Version> Http2PriorKnowledgeAsync(TestProxy proxy)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(proxy.BaseAddress, "/h2c"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await proxy.Client.SendAsync(request);
        return response.Version;
    }

    private static Task<TestProxy> StartAsync(TestUpstream upstream, string fields) =>
        TestProxy.StartAsync(TestConfig.WithServerFields(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])), fields));

    [Fact]
    public async Task EnableH2C_serves_http2_with_prior_knowledge_and_http1()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await StartAsync(upstream, "http2Config: {enableH2C: true}");

        Assert.Equal(HttpVersion.Version20, await Http2PriorKnowledgeAsync(proxy));
        Assert.Equal("ok", await proxy.Client.GetStringAsync(new Uri("/", UriKind.Relative)));
    }

    [Fact]
    public async Task An_http2Config_without_enableH2C_serves_http1_only_in_cleartext_as_aileron_does()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await StartAsync(upstream, "http2Config: {}");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Http2PriorKnowledgeAsync(proxy));
        Assert.Equal("ok", await proxy.Client.GetStringAsync(new Uri("/", UriKind.Relative)));
    }

    [Fact]
    public async Task Without_http2Config_cleartext_keeps_serving_http2_with_prior_knowledge()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await StartAsync(upstream, "httpConfig: {}");

        Assert.Equal(HttpVersion.Version20, await Http2PriorKnowledgeAsync(proxy));
    }
}
