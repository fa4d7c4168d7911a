using Aileron.Configuration;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration.Validation;

/// <summary>
/// An ErrorHandler is loaded and checked as AILERON loads it: unknown fields (fallbackText, removed
/// from AILERON) are errors, values its validation rejects are errors, a field that only tunes
/// AILERON's logging is a warning. Unit tests: configs are loaded, nothing listens.
/// </summary>
public sealed class ErrorHandlerValidatorTests
{
    [Fact]
    public void AILERONs_example_error_handler_loads_without_a_diagnostic()
    {
        var result = Load("""
            - paths: ["^/foo*", "^/bar.*"]
              codes: ["*"]
              mimeContents:
                - mimeType: text/plain
                  statusCode: 500
                  templateType: GoText
                  template: |
                    code: {{.code}}
            - paths: []
              codes: ["*"]
              kinds: []
              messages: []
              headerTemplate:
                "X-Example": "status={{status}}"
              mimeContents:
                - mimeType: application/json
                  statusCode: 500
                  templateType: GoText
                  template: '{"status": {{.status}}}'
            """, stackAlways: "false");

        Assert.Empty(result.Diagnostics);
    }

    [Theory]
    [InlineData("- codes: [\"*\"]\n  mimeContents: [{mimeType: text/plain, fallbackText: x}]", "unknown field 'fallbackText'")]
    [InlineData("- codes: [\"*\"]\n  mimeContents: [{mimeType: Text/Plain}]", "is not a media type AILERON accepts")]
    [InlineData("- codes: [\"*\"]\n  mimeContents: [{template: x}]", "missing mimeType")]
    [InlineData("- codes: [\"*\"]\n  mimeContents: [{mimeType: text/plain, statusCode: 1000}]", "is out of range")]
    [InlineData("- codes: [\"*\"]\n  mimeContents: [{mimeType: text/plain, templateType: GoText, template: \"{{if .code}}x{{end}}\"}]", "aileron runs only field actions")]
    [InlineData("- codes: [\"*\"]\n  mimeContents: [{mimeType: text/plain, templateType: GoTemplate}]", "unknown value 'GoTemplate'")]
    [InlineData("- codes: [\"*\"]\n  mimeContents: [{mimeType: text/plain, templateFile: /nonexistent/error.tpl}]", "cannot read '/nonexistent/error.tpl'")]
    [InlineData("- paths: [\"(bad\"]\n  codes: [\"*\"]\n  mimeContents: [{mimeType: text/plain}]", "is not a valid regular expression")]
    [InlineData("- codes: [\"E1\", \"E1\"]\n  mimeContents: [{mimeType: text/plain}]", "is listed twice")]
    [InlineData("- codes: [\"\"]\n  mimeContents: [{mimeType: text/plain}]", "AILERON requires at least one character")]
    [InlineData("- codes: [\"*\"]\n  headerTemplate: {\"bad name\": x}\n  mimeContents: [{mimeType: text/plain}]", "is not a header name")]
    public void What_AILERON_rejects_is_an_error(string messages, string error)
    {
        var result = Load(messages);

        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains(error, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("- codes: [\"*\"]\n  mimeContents: [{mimeType: text/plain}]", "true", "spec.stackAlways: ignored")]
    [InlineData("- codes: [\"*\"]", "false", "has no mimeContents")]
    [InlineData("- mimeContents: [{mimeType: text/plain}]", "false", "matches no error")]
    [InlineData("- codes: [\"[x-]\"]\n  mimeContents: [{mimeType: text/plain}]", "false", "never matches")]
    public void What_only_tunes_or_never_applies_is_a_warning(string messages, string stackAlways, string warning)
    {
        var result = Load(messages, stackAlways);

        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        Assert.Contains(result.Diagnostics, d => !d.IsError && d.Message.Contains(warning, StringComparison.Ordinal));
    }

    [Fact]
    public void A_template_file_is_read_when_the_config_loads()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "status {{.status}}");
            var result = Load($"- codes: [\"*\"]\n  mimeContents: [{{mimeType: text/plain, templateType: GoText, templateFile: '{file}'}}]");

            Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
            var content = Assert.Single(Assert.Single(Assert.Single(result.Config!.Servers).ErrorHandler!.ErrorMessages).MimeContents);
            Assert.Equal(("status {{.status}}", string.Empty), (content.Template, content.TemplateFile));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("{apiVersion: core/v1, kind: ErrorHandler, name: other}", "no ErrorHandler named 'default/other'")]
    [InlineData("{apiVersion: core/v1, kind: HTTPServer}", "a default error handler must be of kind ErrorHandler")]
    public void The_default_error_handler_must_be_an_ErrorHandler_that_exists(string reference, string error)
    {
        var yaml = AileronYaml.WithErrorHandler("- codes: [\"*\"]\n  mimeContents: [{mimeType: text/plain}]")
            .Replace("defaultErrorHandler: {apiVersion: core/v1, kind: ErrorHandler}", $"defaultErrorHandler: {reference}", StringComparison.Ordinal);

        var result = ConfigLoader.Load([("config.yaml", yaml)]);

        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains(error, StringComparison.Ordinal));
    }

    [Fact]
    public void An_ErrorHandler_that_is_not_the_default_is_a_warning()
    {
        var result = ConfigLoader.Load([("config.yaml", AileronYaml.WithErrorHandler("- codes: [\"*\"]\n  mimeContents: [{mimeType: text/plain}]")
            + "---\napiVersion: core/v1\nkind: ErrorHandler\nmetadata: {name: spare}\nspec: {}\n")]);

        var d = Assert.Single(result.Diagnostics);
        Assert.False(d.IsError);
        Assert.Equal("ErrorHandler 'default/spare' is not the Entrypoint's defaultErrorHandler: it answers no error", d.Message);
    }

    private static LoadResult Load(string messages, string stackAlways = "false") =>
        ConfigLoader.Load([("config.yaml", AileronYaml.WithErrorHandler(messages)
            .Replace("kind: ErrorHandler\nspec:\n", $"kind: ErrorHandler\nspec:\n  stackAlways: {stackAlways}\n", StringComparison.Ordinal))]);
}
