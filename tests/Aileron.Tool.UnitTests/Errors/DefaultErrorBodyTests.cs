using System.Text;
using Aileron.Errors;

namespace Aileron.Tests.Errors;

/// <summary>AILERON's default error bodies, byte for byte, and how Accept chooses one. Unit tests: no sockets.</summary>
public sealed class DefaultErrorBodyTests
{
    [Theory]
    [InlineData("", "application/json")]
    [InlineData("*/*", "application/json")]
    [InlineData("application/json", "application/json")]
    [InlineData("text/json", "text/json")]
    [InlineData("application/xml", "application/xml")]
    [InlineData("TEXT/XML", "text/xml")]
    [InlineData("application/yaml", "application/yaml")]
    [InlineData("text/yaml", "text/yaml")]
    [InlineData("text/plain", "text/plain")]
    [InlineData("application/problem+json", "application/problem+json")]
    [InlineData("application/xml;q=0.1, application/json", "application/xml")]
    [InlineData("application/json, application/problem+json", "application/json")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json")]
    [InlineData(", text/, a/b/c, application/xml", "application/xml")]
    [InlineData("json, application/xml", "application/json")]
    [InlineData("application/xml; q", "application/xml")]
    [InlineData("text/plain; a=1; a=2, application/xml", "application/xml")]
    [InlineData("text/plain; a=1; a=1", "text/plain")]
    public void The_first_entry_that_parses_decides_without_q_values(string accept, string expected) =>
        Assert.Equal(expected, DefaultErrorBody.Choose(accept));

    [Theory]
    [InlineData(404, "application/json", "{\"status\":404,\"statusText\":\"Not Found\"}")]
    [InlineData(502, "text/json", "{\"status\":502,\"statusText\":\"Bad Gateway\"}")]
    [InlineData(413, "application/json", "{\"status\":413,\"statusText\":\"Request Entity Too Large\"}")]
    [InlineData(599, "application/json", "{\"status\":599,\"statusText\":\"\"}")]
    [InlineData(404, "application/xml", "<result><status>404</status><statusText>Not Found</statusText><errors></errors></result>")]
    [InlineData(418, "text/xml", "<result><status>418</status><statusText>I&#39;m a teapot</statusText><errors></errors></result>")]
    [InlineData(401, "text/plain", "status: 401\nstatusText: Unauthorized\n")]
    [InlineData(599, "application/yaml", "status: 599\nstatusText: \"\"\n")]
    public void Bodies_are_what_Gos_encoders_write_for_status_and_statusText(int status, string mediaType, string body) =>
        Assert.Equal(body, Encoding.UTF8.GetString(DefaultErrorBody.Render(status, mediaType)));

    [Fact]
    public void Problem_json_keeps_the_stable_code()
    {
        var (mediaType, body) = DefaultErrorBody.For(ProxyProblem.UpstreamUnreachable, "application/problem+json");

        Assert.Equal(ProblemResponse.ContentType, mediaType);
        Assert.Equal(ProblemResponse.BodyOf(ProxyProblem.UpstreamUnreachable), Encoding.UTF8.GetString(body.Span));
        Assert.Contains("\"code\":\"upstream_unreachable\"", ProblemResponse.BodyOf(ProxyProblem.UpstreamUnreachable));
    }
}
