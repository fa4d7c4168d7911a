namespace Aileron.Configuration.Model;

/// <summary>An error answer of one media type (AILERON's MIMEContentSpec).</summary>
internal sealed record MimeContentSpec : ConfigNode
{
    public const int MaxStatusCode = 999;

    /// <summary>The answer's media type, e.g. <c>application/json</c>; also what Accept entries are matched against.</summary>
    public string MimeType { get; init; } = string.Empty;

    /// <summary>The answer's status; 0 keeps the error's own.</summary>
    public int StatusCode { get; init; }

    /// <summary>Headers set on the answer.</summary>
    public IReadOnlyDictionary<string, string> Header { get; init; } = new Dictionary<string, string>();

    public TemplateType TemplateType { get; init; } = TemplateType.Text;

    /// <summary>The body, or its template.</summary>
    public string Template { get; init; } = string.Empty;

    /// <summary>A file (relative to the working directory, as in AILERON) the body template is read from when the config loads; wins over <see cref="Template"/>.</summary>
    public string TemplateFile { get; init; } = string.Empty;
}
