using Aileron.Patterns;

namespace Aileron.Tests.Patterns;

/// <summary>The {{.field}} subset of Go's text/template and html/template that error templates use. Unit tests: no sockets.</summary>
public sealed class GoTextTemplateTests
{
    private static readonly Dictionary<string, string> Values = new()
    {
        ["status"] = "418",
        ["statusText"] = "I'm a teapot",
        ["code"] = "E2122",
        ["kind"] = "CoreProxyNoUpstream",
    };

    [Theory]
    [InlineData("{{.status}} {{ .statusText }}", "418 I'm a teapot")]
    [InlineData("{\n  \"code\": \"{{.code}}\"\n}\n", "{\n  \"code\": \"E2122\"\n}\n")]
    [InlineData("a  {{- .code -}}  b", "aE2122b")]
    [InlineData("x{{/* a comment */}}y", "xy")]
    [InlineData("{{.missing}}", "<no value>")]
    [InlineData("no actions", "no actions")]
    public void Text_templates_print_fields_as_Go_does(string template, string expected)
    {
        Assert.True(GoTextTemplate.TryParse(template, html: false, out var parsed, out var error), error);
        Assert.Equal(expected, parsed.Render(Values));
    }

    [Fact]
    public void Html_templates_escape_values_and_print_nothing_for_a_missing_field()
    {
        Assert.True(GoTextTemplate.TryParse("<b>{{.statusText}}</b>{{.missing}}", html: true, out var parsed, out _));
        Assert.Equal("<b>I&#39;m a teapot</b>", parsed.Render(Values));
    }

    [Theory]
    [InlineData("{{.status | printf \"%d\"}}")]
    [InlineData("{{if .code}}x{{end}}")]
    [InlineData("{{range .}}{{end}}")]
    [InlineData("{{.status")]
    [InlineData("{{status}}")]
    public void Anything_but_field_actions_is_refused_when_parsed(string template)
    {
        Assert.False(GoTextTemplate.TryParse(template, html: false, out _, out var error));
        Assert.NotEmpty(error);
    }
}
