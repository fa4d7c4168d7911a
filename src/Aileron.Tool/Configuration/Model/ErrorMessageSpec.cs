namespace Aileron.Configuration.Model;

/// <summary>
/// One custom error answer: it applies to an error on a request path one of <see cref="Paths"/>
/// matches (all paths when empty) whose code, kind or message one of <see cref="Codes"/>,
/// <see cref="Kinds"/> (Go path.Match globs) or <see cref="Messages"/> (regular expressions)
/// matches; <see cref="MimeContents"/> are the answers by media type.
/// </summary>
internal sealed record ErrorMessageSpec : ConfigNode
{
    /// <summary>Regular expressions searched in the request path.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Globs over AILERON's error code (<c>E2122</c>).</summary>
    public IReadOnlyList<string> Codes { get; init; } = [];

    /// <summary>Globs over AILERON's error kind (<c>CoreProxyNoUpstream</c>).</summary>
    public IReadOnlyList<string> Kinds { get; init; } = [];

    /// <summary>Regular expressions searched in the error's text (<c>E2122.CoreProxyNoUpstream cannot find upstream for /x</c>).</summary>
    public IReadOnlyList<string> Messages { get; init; } = [];

    /// <summary>Headers added to the answer; each value may hold <c>{{status}}</c>, <c>{{statusText}}</c>, <c>{{code}}</c>, <c>{{kind}}</c>.</summary>
    public IReadOnlyDictionary<string, string> HeaderTemplate { get; init; } = new Dictionary<string, string>();

    /// <summary>The answer for each media type, chosen by Accept; the first when none fits.</summary>
    public IReadOnlyList<MimeContentSpec> MimeContents { get; init; } = [];
}
