using System.Text.RegularExpressions;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Patterns;

namespace Aileron.Configuration.Validation;

/// <summary>
/// The rules of AILERON's ErrorHandler (its protovalidate constraints and what its code does when it
/// builds one), each reported at the value: patterns that do not compile, media types and status
/// codes out of AILERON's range, templates aileron cannot run, template files it cannot read.
/// </summary>
internal static partial class ErrorHandlerValidator
{
    public static void Validate(ErrorHandlerSpec spec, DiagnosticBag d)
    {
        if (spec.StackAlways)
        {
            d.Warning(spec.PositionOf("stackAlways"), "spec.stackAlways: ignored: not supported by aileron (it logs errors without stack traces)");
        }

        foreach (var message in spec.ErrorMessages)
        {
            ValidateMessage(message, d);
        }
    }

    /// <summary>The body template of a content: the file's text when <c>templateFile</c> is set, else <c>template</c>; null when the file cannot be read.</summary>
    public static string? TemplateText(MimeContentSpec content, out string error)
    {
        error = string.Empty;
        if (content.TemplateFile.Length == 0)
        {
            return content.Template;
        }

        try
        {
            return File.ReadAllText(content.TemplateFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read '{content.TemplateFile}' (relative paths are read from the working directory, as AILERON does): {e.Message}";
            return null;
        }
    }

    private static void ValidateMessage(ErrorMessageSpec message, DiagnosticBag d)
    {
        Unique(message, "paths", message.Paths, d);
        Unique(message, "codes", message.Codes, d);
        Unique(message, "kinds", message.Kinds, d);
        Unique(message, "messages", message.Messages, d);
        Patterns(message, "paths", message.Paths, regex: true, d);
        Patterns(message, "codes", message.Codes, regex: false, d);
        Patterns(message, "kinds", message.Kinds, regex: false, d);
        Patterns(message, "messages", message.Messages, regex: true, d);
        if (message.Codes.Count == 0 && message.Kinds.Count == 0 && message.Messages.Count == 0)
        {
            d.Warning(message.Position, $"{message.Path}: matches no error: give codes, kinds or messages (codes: [\"*\"] matches every error)");
        }

        if (message.MimeContents.Count == 0)
        {
            d.Warning(message.Position, $"{message.Path}: has no mimeContents, so it never answers (AILERON drops it too)");
        }

        HeaderNames(message, "headerTemplate", message.HeaderTemplate, d);
        foreach (var content in message.MimeContents)
        {
            ValidateContent(content, d);
        }
    }

    private static void ValidateContent(MimeContentSpec content, DiagnosticBag d)
    {
        if (!MimeTypePattern().IsMatch(content.MimeType))
        {
            d.Error(
                content.PositionOf("mimeType"),
                content.MimeType.Length == 0
                    ? $"{content.Path}: missing mimeType: the media type of this answer, e.g. 'mimeType: application/json'"
                    : $"{content.Path}.mimeType: '{content.MimeType}' is not a media type AILERON accepts (lower-case type/subtype, e.g. application/json)");
        }

        if (content.StatusCode is < 0 or > MimeContentSpec.MaxStatusCode)
        {
            d.Error(content.PositionOf("statusCode"), $"{content.Path}.statusCode: {content.StatusCode} is out of range: use 100 to 999, or 0 to keep the error's status");
        }
        else if (content.StatusCode is > 0 and < 200)
        {
            d.Warning(
                content.PositionOf("statusCode"),
                $"{content.Path}.statusCode: {content.StatusCode} does not end a response: the client gets an empty 200, as from AILERON");
        }

        HeaderNames(content, "header", content.Header, d);
        if (content.TemplateFile.Length > 0 && content.Template.Length > 0)
        {
            d.Warning(content.PositionOf("template"), $"{content.Path}.template: ignored: templateFile is set and wins, as in AILERON");
        }

        var text = TemplateText(content, out var fileError);
        if (text is null)
        {
            d.Error(content.PositionOf("templateFile"), $"{content.Path}.templateFile: {fileError}");
            return;
        }

        if (content.TemplateType != TemplateType.Text
            && !GoTextTemplate.TryParse(text, content.TemplateType == TemplateType.GoHTML, out _, out var error))
        {
            var field = content.TemplateFile.Length > 0 ? "templateFile" : "template";
            d.Error(content.PositionOf(field), $"{content.Path}.{field}: {error}");
        }
    }

    private static void Unique(ConfigNode node, string field, IReadOnlyList<string> values, DiagnosticBag d)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            if (!seen.Add(values[i]))
            {
                d.Error(node.PositionOf($"{field}[{i}]"), $"{node.Path}.{field}[{i}]: '{values[i]}' is listed twice; AILERON requires each entry once");
            }
        }
    }

    private static void Patterns(ConfigNode node, string field, IReadOnlyList<string> values, bool regex, DiagnosticBag d)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var at = node.PositionOf($"{field}[{i}]");
            if (values[i].Length == 0 && field != "paths")
            {
                d.Error(at, $"{node.Path}.{field}[{i}]: empty; AILERON requires at least one character");
            }
            else if (regex && !PatternRegex.TryCreate(values[i], out _, out var error, compile: false))
            {
                d.Error(at, $"{node.Path}.{field}[{i}]: '{values[i]}' is not a valid regular expression: {error}");
            }
            else if (!regex && !GoPathMatch.IsValid(values[i], out var globError))
            {
                d.Warning(at, $"{node.Path}.{field}[{i}]: '{values[i]}' never matches: {globError}");
            }
        }
    }

    private static void HeaderNames(ConfigNode node, string field, IReadOnlyDictionary<string, string> headers, DiagnosticBag d)
    {
        foreach (var name in headers.Keys)
        {
            if (name.Length == 0 || !HeaderName().IsMatch(name))
            {
                d.Error(node.PositionOf($"{field}.{name}"), $"{node.Path}.{field}: '{name}' is not a header name (letters, digits and !#$%&'*+-.^_`|~)");
            }
        }
    }

    /// <summary>AILERON's validation pattern for a content's media type.</summary>
    [GeneratedRegex("^[a-z]+/[0-9a-zA-Z.+-]+$")]
    private static partial Regex MimeTypePattern();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex HeaderName();
}
