using System.Text;
using System.Text.RegularExpressions;

namespace Aileron.Patterns;

/// <summary>
/// Go's <c>path.Match</c> globs (AILERON's <c>Path</c> and <c>FilePath</c> match types) as anchored
/// regular expressions: <c>*</c> is any run of non-separator characters, <c>?</c> one of them,
/// <c>[...]</c> a class (<c>^</c> negates), <c>\</c> escapes.
/// </summary>
internal static class GlobPattern
{
    /// <param name="compile">False when only checking the syntax (validate).</param>
    public static bool TryCreate(string glob, out Regex? regex, out string error, bool compile = true)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '\\':
                    if (i + 1 >= glob.Length)
                    {
                        return Fail("a trailing '\\' escapes nothing", out regex, out error);
                    }

                    sb.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                case '[':
                    var end = FindClassEnd(glob, i);
                    if (end < 0)
                    {
                        return Fail($"'[' at {i + 1} has no closing ']'", out regex, out error);
                    }

                    var body = glob[(i + 1)..end];
                    var negate = body.StartsWith('^');
                    if (negate)
                    {
                        body = body[1..];
                    }

                    if (body.Length == 0)
                    {
                        return Fail($"empty character class at {i + 1}", out regex, out error);
                    }

                    sb.Append(negate ? "[^/" : "[").Append(body.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        sb.Append('$');
        try
        {
            regex = new Regex(
                sb.ToString(),
                RegexOptions.CultureInvariant | (compile ? RegexOptions.Compiled : RegexOptions.None),
                PatternRegex.MatchTimeout);
            error = string.Empty;
            return true;
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message, out regex, out error);
        }
    }

    private static int FindClassEnd(string glob, int open)
    {
        for (var j = open + 1; j < glob.Length; j++)
        {
            if (glob[j] == '\\')
            {
                j++;
            }
            else if (glob[j] == ']' && j > open + 1)
            {
                return j;
            }
        }

        return -1;
    }

    private static bool Fail(string message, out Regex? regex, out string error)
    {
        regex = null;
        error = message;
        return false;
    }
}
