using System.Text;
using Aileron.Configuration.Model;
using Aileron.Patterns;

namespace Aileron.Errors;

/// <summary>One compiled <c>mimeContents</c> entry of an ErrorHandler message: its media type, status, headers and body template.</summary>
internal sealed class ErrorContent
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly byte[]? _text;
    private readonly GoTextTemplate? _template;

    private ErrorContent(MimeContentSpec spec, byte[]? text, GoTextTemplate? template)
    {
        MimeType = spec.MimeType;
        StatusCode = spec.StatusCode;
        Header = [.. spec.Header.Select(h => KeyValuePair.Create(ErrorHeaders.Canonical(h.Key), h.Value))];
        _text = text;
        _template = template;
    }

    public string MimeType { get; }

    /// <summary>0 keeps the error's status.</summary>
    public int StatusCode { get; }

    /// <summary>Headers set on the answer, names in Go's canonical form.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Header { get; }

    /// <summary>Compiles an entry; its <c>templateFile</c> has been read into <c>template</c> when the config loaded.</summary>
    public static ErrorContent Create(MimeContentSpec spec)
    {
        if (spec.TemplateType == TemplateType.Text)
        {
            return new ErrorContent(spec, Utf8.GetBytes(spec.Template), null);
        }

        return GoTextTemplate.TryParse(spec.Template, spec.TemplateType == TemplateType.GoHTML, out var template, out var error)
            ? new ErrorContent(spec, null, template)
            : throw new ArgumentException($"{spec.Path}.template: {error}", nameof(spec));
    }

    public byte[] Render(IReadOnlyDictionary<string, string> values) => _text ?? Utf8.GetBytes(_template!.Render(values));
}
