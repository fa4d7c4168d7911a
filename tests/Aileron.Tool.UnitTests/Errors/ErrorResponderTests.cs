using System.Text;
using Aileron.Errors;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Errors;

/// <summary>
/// The proxy's own answers, written as AILERON's error handler writes them: the default format by
/// Accept, and an ErrorHandler's messages (AILERON's TestErrorMessageCode/Kind/Msg and its
/// examples/error-handler, in our own words). Unit tests: DefaultHttpContext, no sockets.
/// </summary>
public sealed class ErrorResponderTests
{
    [Fact]
    public async Task The_default_answer_is_AILERONs_json_with_its_headers()
    {
        var context = Request("GET", "/none");

        await ErrorResponder.Default.WriteAsync(context, ProxyProblem.NoRoute);

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("Accept", context.Response.Headers.Vary.ToString());
        Assert.Equal("{\"status\":404,\"statusText\":\"Not Found\"}", Body(context));
        Assert.Equal(Body(context).Length, context.Response.ContentLength);
    }

    [Theory]
    [InlineData("text/plain", "text/plain; charset=utf-8", "status: 502\nstatusText: Bad Gateway\n")]
    [InlineData("text/xml, application/json", "text/xml; charset=utf-8", "<result><status>502</status><statusText>Bad Gateway</statusText><errors></errors></result>")]
    [InlineData("image/webp, application/xml", "application/json; charset=utf-8", "{\"status\":502,\"statusText\":\"Bad Gateway\"}")]
    public async Task Accept_chooses_the_format(string accept, string contentType, string body)
    {
        var context = Request("GET", "/x", accept);

        await ErrorResponder.Default.WriteAsync(context, ProxyProblem.NoUpstream);

        Assert.Equal((502, contentType, body), (context.Response.StatusCode, context.Response.ContentType, Body(context)));
    }

    [Fact]
    public async Task Problem_json_is_answered_when_asked_for()
    {
        var context = Request("GET", "/x", "application/problem+json");

        await ErrorResponder.Default.WriteAsync(context, ProxyProblem.UpstreamTimeout);

        Assert.Equal("application/problem+json; charset=utf-8", context.Response.ContentType);
        Assert.Contains("\"code\":\"upstream_timeout\"", Body(context));
    }

    [Fact]
    public async Task A_head_request_gets_the_headers_without_the_body()
    {
        var context = Request("HEAD", "/x");

        await ErrorResponder.Default.WriteAsync(context, ProxyProblem.NoRoute);

        Assert.Equal((404, string.Empty), (context.Response.StatusCode, Body(context)));
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
    }

    [Theory]
    [InlineData("codes: [\"E21*\"]")]
    [InlineData("kinds: [\"CoreProxy*\"]")]
    [InlineData("messages: [\".*cannot find upstream for /api.*\"]")]
    public async Task A_message_matching_the_code_kind_or_text_answers_with_its_content(string condition)
    {
        var responder = Responder($$"""
            - {{condition}}
              mimeContents:
                - mimeType: application/json
                  statusCode: 200
                  header: {alice: bob}
                  template: '{"foo":"bar"}'
                - mimeType: text/plain
                  statusCode: 200
                  header: {alice: bob}
                  template: foo=bar
            """);

        var json = Request("GET", "/api/x", "application/json");
        await responder.WriteAsync(json, ProxyProblem.NoRoute);
        var text = Request("GET", "/api/x", "text/plain");
        await responder.WriteAsync(text, ProxyProblem.NoRoute);
        var unknown = Request("GET", "/api/x", "invalid/type");
        await responder.WriteAsync(unknown, ProxyProblem.NoRoute);

        Assert.Equal((200, "bob", "{\"foo\":\"bar\"}"), (json.Response.StatusCode, json.Response.Headers["Alice"].ToString(), Body(json)));
        Assert.Equal((200, "text/plain; charset=utf-8", "foo=bar"), (text.Response.StatusCode, text.Response.ContentType, Body(text)));
        Assert.Equal("{\"foo\":\"bar\"}", Body(unknown));
    }

    [Fact]
    public async Task An_error_no_message_matches_gets_the_default_answer()
    {
        var responder = Responder("""
            - codes: ["E1*"]
              mimeContents:
                - {mimeType: application/json, statusCode: 200, template: '{"foo":"bar"}'}
            """);
        var context = Request("GET", "/x", "text/plain");

        await responder.WriteAsync(context, ProxyProblem.NoUpstream);

        Assert.Equal((502, "status: 502\nstatusText: Bad Gateway\n"), (context.Response.StatusCode, Body(context)));
    }

    [Fact]
    public async Task Paths_must_match_as_well_and_the_first_matching_message_wins()
    {
        var responder = Responder("""
            - paths: ["^/foo*", "^/bar.*"]
              codes: ["*"]
              mimeContents:
                - mimeType: text/plain
                  statusCode: 500
                  templateType: GoText
                  template: |
                    code: {{.code}}
                    kind: {{.kind}}
            - codes: ["*"]
              headerTemplate:
                X-Example: "status={{status}}"
              mimeContents:
                - mimeType: application/json
                  statusCode: 500
                  templateType: GoText
                  template: '{"status": {{.status}}, "statusText": "{{.statusText}}", "code": "{{.code}}"}'
                - mimeType: application/xml
                  statusCode: 0
                  templateType: GoText
                  template: '<error><status>{{.status}}</status><statusText>{{.statusText}}</statusText></error>'
            """);

        var foo = Request("GET", "/foo/x");
        await responder.WriteAsync(foo, ProxyProblem.NoRoute);
        var json = Request("GET", "/other", "*/*");
        await responder.WriteAsync(json, ProxyProblem.NoHandler);
        var xml = Request("GET", "/other", "application/xml");
        await responder.WriteAsync(xml, ProxyProblem.NoHandler);

        Assert.Equal((500, "text/plain; charset=utf-8", "code: E2122\nkind: CoreProxyNoUpstream\n"), (foo.Response.StatusCode, foo.Response.ContentType, Body(foo)));
        Assert.Equal(
            (500, "status=500", "{\"status\": 500, \"statusText\": \"Internal Server Error\", \"code\": \"E2131\"}"),
            (json.Response.StatusCode, json.Response.Headers["X-Example"].ToString(), Body(json)));
        Assert.Equal(
            (404, "status=404", "application/xml; charset=utf-8", "<error><status>404</status><statusText>Not Found</statusText></error>"),
            (xml.Response.StatusCode, xml.Response.Headers["X-Example"].ToString(), xml.Response.ContentType, Body(xml)));
    }

    [Fact]
    public async Task Header_template_values_do_not_pile_up_across_requests()
    {
        var responder = Responder("""
            - codes: ["*"]
              headerTemplate: {x-example: "{{ status }}"}
              mimeContents: [{mimeType: text/plain, template: x}]
            """);

        for (var i = 0; i < 3; i++)
        {
            var context = Request("GET", "/");
            await responder.WriteAsync(context, ProxyProblem.NoRoute);
            Assert.Equal("404", context.Response.Headers["X-Example"].ToString());
        }
    }

    [Fact]
    public async Task A_status_below_100_writes_nothing_and_the_client_gets_an_empty_200()
    {
        var responder = Responder("""
            - codes: ["*"]
              mimeContents: [{mimeType: text/plain, statusCode: 42, template: ignored}]
            """);
        var context = Request("GET", "/");

        await responder.WriteAsync(context, ProxyProblem.NoRoute);

        Assert.Equal((200, string.Empty), (context.Response.StatusCode, Body(context)));
    }

    [Fact]
    public async Task Html_templates_escape_and_print_nothing_for_a_missing_field()
    {
        var responder = Responder("""
            - codes: ["*"]
              mimeContents: [{mimeType: text/html, statusCode: 418, templateType: GoHTML, template: "<p>{{.statusText}}{{.missing}}</p>"}]
            """);
        var context = Request("GET", "/");

        await responder.WriteAsync(context, ProxyProblem.NoRoute);

        Assert.Equal((418, "<p>I&#39;m a teapot</p>"), (context.Response.StatusCode, Body(context)));
    }

    /// <summary>Loads a config whose Entrypoint's defaultErrorHandler has these errorMessages (YAML list items).</summary>
    internal static ErrorResponder Responder(string errorMessages)
    {
        var config = TestConfig.Load(AileronYaml.WithErrorHandler(errorMessages));
        return ErrorResponder.Create(Assert.Single(config.Servers).ErrorHandler);
    }

    /// <summary>A runnable config (one server on 127.0.0.1:0, one load balancer on /api) with a default ErrorHandler.</summary>

    private static DefaultHttpContext Request(string method, string path, string? accept = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.Host = new HostString("localhost:8080");
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(HttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
