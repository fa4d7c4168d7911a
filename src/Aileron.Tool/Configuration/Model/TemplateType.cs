namespace Aileron.Configuration.Model;

/// <summary>How an error answer's <c>template</c> is read.</summary>
internal enum TemplateType
{
    /// <summary>The text is the body, as written.</summary>
    Text,

    /// <summary>Go text/template: <c>{{.status}}</c>, <c>{{.statusText}}</c>, <c>{{.code}}</c>, <c>{{.kind}}</c>.</summary>
    GoText,

    /// <summary>Go html/template: the same fields, HTML-escaped.</summary>
    GoHTML,
}
