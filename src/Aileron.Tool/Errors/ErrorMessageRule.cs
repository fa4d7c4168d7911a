using System.Text.RegularExpressions;
using Aileron.Configuration.Model;
using Aileron.Patterns;

namespace Aileron.Errors;

/// <summary>
/// One compiled <c>errorMessages</c> entry of an ErrorHandler, matched as AILERON matches it: when
/// <c>paths</c> is set one of its regular expressions must be found in the request path, and then
/// a <c>codes</c> or <c>kinds</c> glob must match the error's code or kind, or a <c>messages</c>
/// expression be found in its text. The content is chosen by Accept: each entry, in order, is a
/// glob (<c>*/*</c>, <c>application/*</c>) over the contents' media types; the first content when
/// none matches.
/// </summary>
internal sealed class ErrorMessageRule
{
    private readonly Regex[] _paths;
    private readonly string[] _codes;
    private readonly string[] _kinds;
    private readonly Regex[] _messages;
    private readonly ErrorContent[] _contents;

    private ErrorMessageRule(ErrorMessageSpec spec)
    {
        _paths = [.. spec.Paths.Select(Compile)];
        _codes = [.. spec.Codes];
        _kinds = [.. spec.Kinds];
        _messages = [.. spec.Messages.Select(Compile)];
        _contents = [.. spec.MimeContents.Select(ErrorContent.Create)];
        HeaderTemplate = [.. spec.HeaderTemplate.Select(h => KeyValuePair.Create(ErrorHeaders.Canonical(h.Key), h.Value))];
    }

    /// <summary>Headers added to the answer, their values ztext templates (<c>{{status}}</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HeaderTemplate { get; }

    /// <summary>A message with no content is dropped, as AILERON drops it.</summary>
    public static ErrorMessageRule? Create(ErrorMessageSpec spec) =>
        spec.MimeContents.Count == 0 ? null : new ErrorMessageRule(spec);

    public bool Matches(string path, string code, string kind, Func<string> message)
    {
        if (_paths.Length > 0 && !_paths.Any(p => StringMatcher.SafeIsMatch(p, path)))
        {
            return false;
        }

        return _codes.Any(c => GoPathMatch.IsMatch(c, code))
            || _kinds.Any(k => GoPathMatch.IsMatch(k, kind))
            || (_messages.Length > 0 && _messages.Any(m => StringMatcher.SafeIsMatch(m, message())));
    }

    /// <summary>The content for this Accept header.</summary>
    public ErrorContent Select(ReadOnlySpan<char> accept)
    {
        foreach (var range in accept.Split(','))
        {
            var mediaType = GoMediaType.Parse(accept[range]);
            foreach (var content in _contents)
            {
                if (GoPathMatch.IsMatch(mediaType, content.MimeType))
                {
                    return content;
                }
            }
        }

        return _contents[0];
    }

    private static Regex Compile(string pattern) =>
        PatternRegex.TryCreate(pattern, out var regex, out var error)
            ? regex!
            : throw new ArgumentException($"'{pattern}' does not compile: {error}", nameof(pattern));
}
