using System.Text.RegularExpressions;

namespace Aileron.Patterns;

/// <summary>
/// Compiles AILERON's regular expressions (Go RE2 syntax) with .NET's engine: <c>(?P&lt;name&gt;…)</c>
/// groups and <c>$name</c> replacement references are translated; matching is culture-invariant
/// and time-bounded so a hostile path cannot stall a request.
/// </summary>
internal static partial class PatternRegex
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    /// <param name="compile">False when only checking the syntax (validate): compiling costs milliseconds per pattern.</param>
    public static bool TryCreate(string pattern, out Regex? regex, out string error, bool compile = true)
    {
        try
        {
            regex = new Regex(
                pattern.Replace("(?P<", "(?<", StringComparison.Ordinal),
                RegexOptions.CultureInvariant | (compile ? RegexOptions.Compiled : RegexOptions.None),
                MatchTimeout);
            error = string.Empty;
            return true;
        }
        catch (ArgumentException e)
        {
            regex = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Go's expand template (<c>$1</c>, <c>${1}</c>, <c>$name</c>, <c>${name}</c>, <c>$$</c>) in .NET's replacement syntax.</summary>
    public static string TranslateReplacement(string template) =>
        BareNamedReference().Replace(template, m => m.Groups[1].Value.Length % 2 == 1
            ? m.Value
            : $"{m.Groups[1].Value}${{{m.Groups[2].Value}}}");

    /// <summary>A <c>$name</c> not already braced; group 1 is the run of <c>$</c> before it (escaped when odd).</summary>
    [GeneratedRegex(@"(\$*)\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex BareNamedReference();
}
