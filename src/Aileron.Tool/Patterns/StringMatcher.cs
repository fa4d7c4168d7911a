using System.Text.RegularExpressions;

namespace Aileron.Patterns;

/// <summary>
/// AILERON's string matching (kernel.MatchType) compiled once: a value matches when any pattern
/// matches it. Exact, Prefix, Suffix and Contains compare ordinally; Path and FilePath are Go
/// <c>path.Match</c> globs over the whole value (<see cref="GoPathMatch"/>); Regex and RegexPOSIX search anywhere in the value,
/// as Go's <c>MatchString</c> does. Matching allocates nothing.
/// </summary>
internal sealed class StringMatcher
{
    private readonly MatchType _type;
    private readonly string[] _patterns;
    private readonly Regex[] _regexes;

    private StringMatcher(MatchType type, string[] patterns, Regex[] regexes)
    {
        _type = type;
        _patterns = patterns;
        _regexes = regexes;
    }

    public MatchType Type => _type;

    public IReadOnlyList<string> Patterns => _patterns;

    /// <summary>Compiles the patterns; the config validator has already rejected ones that do not compile.</summary>
    public static StringMatcher Create(MatchType type, IReadOnlyList<string> patterns)
    {
        var regexes = type switch
        {
            MatchType.Regex or MatchType.RegexPOSIX => patterns.Select(p => Compile((string x, out Regex? r, out string e) => PatternRegex.TryCreate(x, out r, out e), p)).ToArray(),
            _ => [],
        };
        return new StringMatcher(type, [.. patterns], regexes);
    }

    public bool IsMatch(ReadOnlySpan<char> value)
    {
        switch (_type)
        {
            case MatchType.Path or MatchType.FilePath:
                foreach (var pattern in _patterns)
                {
                    if (GoPathMatch.IsMatch(pattern, value))
                    {
                        return true;
                    }
                }

                return false;
            case MatchType.Regex or MatchType.RegexPOSIX:
                foreach (var regex in _regexes)
                {
                    if (SafeIsMatch(regex, value))
                    {
                        return true;
                    }
                }

                return false;
            default:
                foreach (var pattern in _patterns)
                {
                    if (IsMatch(_type, value, pattern))
                    {
                        return true;
                    }
                }

                return false;
        }
    }

    /// <summary>The plain comparisons: Exact, Prefix, Suffix and Contains.</summary>
    public static bool IsMatch(MatchType type, ReadOnlySpan<char> value, string pattern) => type switch
    {
        MatchType.Prefix => value.StartsWith(pattern, StringComparison.Ordinal),
        MatchType.Suffix => value.EndsWith(pattern, StringComparison.Ordinal),
        MatchType.Contains => value.Contains(pattern, StringComparison.Ordinal),
        _ => value.SequenceEqual(pattern),
    };

    /// <summary>A regex that runs past its time budget on hostile input does not match, rather than failing the request.</summary>
    public static bool SafeIsMatch(Regex regex, ReadOnlySpan<char> value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private delegate bool RegexFactory(string pattern, out Regex? regex, out string error);

    private static Regex Compile(RegexFactory factory, string pattern) =>
        factory(pattern, out var regex, out var error)
            ? regex!
            : throw new ArgumentException($"'{pattern}' does not compile: {error}", nameof(pattern));

    public override string ToString() => $"{_type} {string.Join(" | ", _patterns)}";
}
