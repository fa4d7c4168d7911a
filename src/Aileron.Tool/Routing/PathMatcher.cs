using System.Text;
using System.Text.RegularExpressions;
using Aileron.Configuration.Model;
using Aileron.Patterns;
using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Routing;

/// <summary>
/// One compiled <c>pathMatcher</c>, with AILERON's semantics: <c>trimPrefix</c> is removed from the
/// request path before matching; the match type is tested on what remains; a Regex matcher with a
/// <c>rewrite</c> replaces the path with the expansion of every match, joined (Go's
/// <c>Regexp.ExpandString</c> over <c>FindAllStringSubmatchIndex</c>); <c>appendPrefix</c> is put in
/// front last. The result is the path sent upstream, after the upstream's base path.
/// </summary>
internal sealed class PathMatcher
{
    private readonly MatchType _type;
    private readonly string _match;
    private readonly Regex? _regex;
    private readonly string? _rewrite;
    private readonly string _trimPrefix;
    private readonly string _appendPrefix;

    private PathMatcher(PathMatcherSpec spec, Regex? regex)
    {
        _type = spec.MatchType;
        _match = spec.Match;
        _regex = regex;
        _rewrite = regex is not null && spec.Rewrite.Length > 0 && spec.MatchType is (MatchType.Regex or MatchType.RegexPOSIX)
            ? PatternRegex.TranslateReplacement(spec.Rewrite)
            : null;
        _trimPrefix = spec.TrimPrefix;
        _appendPrefix = spec.AppendPrefix;
        Spec = spec;
    }

    public PathMatcherSpec Spec { get; }

    public static PathMatcher Create(PathMatcherSpec spec)
    {
        Regex? regex = null;
        var ok = spec.MatchType switch
        {
            MatchType.Regex or MatchType.RegexPOSIX => PatternRegex.TryCreate(spec.Match, out regex, out _),
            MatchType.Path or MatchType.FilePath => GoPathMatch.IsValid(spec.Match, out _),
            _ => true,
        };
        return ok ? new PathMatcher(spec, regex) : throw new ArgumentException($"path matcher '{spec.Match}' does not compile", nameof(spec));
    }

    /// <summary>
    /// Tests the request path; on a match <paramref name="forwardPath"/> is the path to send upstream,
    /// the very same string instance as <paramref name="path"/> when nothing rewrites it.
    /// </summary>
    public bool TryMatch(string path, out string forwardPath)
    {
        var target = _trimPrefix.Length > 0 && path.StartsWith(_trimPrefix, StringComparison.Ordinal)
            ? path[_trimPrefix.Length..]
            : path;
        var matched = _regex is not null ? StringMatcher.SafeIsMatch(_regex, target)
            : _type is MatchType.Path or MatchType.FilePath ? GoPathMatch.IsMatch(_match, target)
            : StringMatcher.IsMatch(_type, target, _match);
        if (!matched)
        {
            forwardPath = path;
            return false;
        }

        if (_rewrite is not null)
        {
            target = Rewrite(_regex!, _rewrite, target);
        }

        forwardPath = _appendPrefix.Length > 0 ? string.Concat(_appendPrefix, target) : target;
        return true;
    }

    /// <summary>Go's expansion of every non-overlapping match, skipping empty matches that abut the previous one.</summary>
    private static string Rewrite(Regex regex, string replacement, string target)
    {
        var result = new StringBuilder();
        var previousEnd = -1;
        try
        {
            for (var m = regex.Match(target); m.Success; m = m.NextMatch())
            {
                if (m.Length == 0 && m.Index == previousEnd)
                {
                    continue;
                }

                result.Append(m.Result(replacement));
                previousEnd = m.Index + m.Length;
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return target;
        }

        return result.ToString();
    }

    public override string ToString() =>
        $"{_type} {_match}"
        + (_trimPrefix.Length > 0 ? $" trimPrefix={_trimPrefix}" : string.Empty)
        + (_appendPrefix.Length > 0 ? $" appendPrefix={_appendPrefix}" : string.Empty)
        + (_rewrite is not null ? $" rewrite={Spec.Rewrite}" : string.Empty);
}
