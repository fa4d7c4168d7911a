using System.Net;
using System.Net.Http.Headers;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Errors;

/// <summary>
/// What a client of a running proxy gets when the proxy answers itself: AILERON's default format,
/// chosen by Accept, or the Entrypoint's defaultErrorHandler. Functional tests: a real proxy on
/// 127.0.0.1 (and a real upstream where one is needed).
/// </summary>
public sealed class ErrorResponderFunctionalTests
{
    [Theory]
    [InlineData(null, "application/json; charset=utf-8", "{\"status\":404,\"statusText\":\"Not Found\"}")]
    [InlineData("application/xml", "application/xml; charset=utf-8", "<result><status>404</status><statusText>Not Found</statusText><errors></errors></result>")]
    [InlineData("text/plain", "text/plain; charset=utf-8", "status: 404\nstatusText: Not Found\n")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json; charset=utf-8", "{\"status\":404,\"statusText\":\"Not Found\"}")]
    public async Task An_unrouted_request_gets_AILERONs_error_in_the_format_Accept_chooses(string? accept, string contentType, string body)
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await TestProxy.OverAsync([upstream], "pathMatcher: {match: /api, matchType: Prefix}");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/other");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["Accept"], response.Headers.Vary);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_client_that_asks_for_problem_json_gets_the_problem_with_its_stable_code()
    {
        await using var proxy = await TestProxy.OverAsync([TestHttpServer.ClosedPortUrl()]);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent("x") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json"));

        using var response = await proxy.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"code\":\"upstream_unreachable\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_load_balancer_with_no_upstreams_answers_502_and_other_paths_404()
    {
        await using var proxy = await TestProxy.StartAsync(TestConfig.Simple("- pathMatcher: {match: /test, matchType: Prefix}\n  upstreams: []"));

        using var matched = await proxy.Client.GetAsync("/test");
        using var unmatched = await proxy.Client.GetAsync("/none");

        Assert.Equal(HttpStatusCode.BadGateway, matched.StatusCode);
        Assert.Equal("{\"status\":502,\"statusText\":\"Bad Gateway\"}", await matched.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unmatched.StatusCode);
        Assert.Equal("{\"status\":404,\"statusText\":\"Not Found\"}", await unmatched.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_default_error_handler_answers_every_error_of_every_server()
    {
        var yaml = AileronYaml.WithErrorHandler(
            """
            - paths: ["^/api/.*"]
              codes: ["E2124"]
              mimeContents:
                - mimeType: text/plain
                  statusCode: 503
                  templateType: GoText
                  template: "{{.status}} {{.kind}}"
            - codes: ["*"]
              headerTemplate:
                X-Example: "status={{status}}"
              mimeContents:
                - mimeType: application/json
                  statusCode: 500
                  templateType: GoText
                  template: '{"app": "gateway", "status": {{.status}}, "code": "{{.code}}"}'
            """,
            TestHttpServer.ClosedPortUrl());
        await using var proxy = await TestProxy.StartAsync(yaml);

        using var unreachable = await proxy.Client.PostAsync("/api/x", new StringContent("x"));
        using var unrouted = await proxy.Client.GetAsync("/elsewhere");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, unreachable.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", unreachable.Content.Headers.ContentType?.ToString());
        Assert.Equal("503 CoreProxyRoundtrip", await unreachable.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, unrouted.StatusCode);
        Assert.Equal(["status=500"], unrouted.Headers.GetValues("X-Example"));
        Assert.Equal("{\"app\": \"gateway\", \"status\": 500, \"code\": \"E2122\"}", await unrouted.Content.ReadAsStringAsync());
    }
}
