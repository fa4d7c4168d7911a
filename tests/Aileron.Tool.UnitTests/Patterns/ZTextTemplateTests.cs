using Aileron.Patterns;

namespace Aileron.Tests.Patterns;

/// <summary>The {{name}} tags of AILERON's headerTemplate values. Unit tests: no sockets.</summary>
public sealed class ZTextTemplateTests
{
    [Theory]
    [InlineData("status={{status}}", "status=500")]
    [InlineData("{{ status }}/{{code}}", "500/E2124")]
    [InlineData("{{unknown}}x", "x")]
    [InlineData("{{.status}}", "")]
    [InlineData("plain", "plain")]
    public void Tags_are_replaced_by_their_values(string template, string expected) =>
        Assert.Equal(expected, ZTextTemplate.Render(template, new Dictionary<string, string> { ["status"] = "500", ["code"] = "E2124" }));
}
