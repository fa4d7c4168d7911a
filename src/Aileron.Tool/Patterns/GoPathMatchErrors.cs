namespace Aileron.Patterns;

/// <summary>
/// Why Go's <c>Match</c> rejects a pattern, in words: Go says only <c>ErrBadPattern</c>, which does not
/// tell a user which character to fix. Apart from <see cref="GoPathMatch"/>, a step-for-step port of
/// Go, because Go has no counterpart of this walk: it reads the pattern as text, not as UTF-8 bytes.
/// </summary>
internal static class GoPathMatchErrors
{
    /// <summary>
    /// Why Go rejects <paramref name="pattern"/>, in words that point at the character to fix; Go's own
    /// <see cref="GoPathMatch.BadPattern"/> text when the walk finds no fault.
    /// </summary>
    public static string Explain(string pattern)
    {
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\':
                    if (i + 1 >= pattern.Length)
                    {
                        return "a trailing '\\' escapes nothing";
                    }

                    i += 2;
                    break;
                case '[':
                    if (ExplainClass(pattern, ref i) is { } why)
                    {
                        return why;
                    }

                    break;
                default:
                    i++;
                    break;
            }
        }

        return GoPathMatch.BadPattern;
    }

    /// <summary>Walks the class that opens at <paramref name="i"/> to just past its ']'; says what is wrong with it, if anything.</summary>
    private static string? ExplainClass(string pattern, ref int i)
    {
        var open = i + 1;
        var unclosed = $"'[' at {open} has no closing ']'";
        var j = i + 1;
        if (j < pattern.Length && pattern[j] == '^')
        {
            j++;
        }

        for (var members = 0; ; members++)
        {
            if (j >= pattern.Length)
            {
                return unclosed;
            }

            if (pattern[j] == ']' && members > 0)
            {
                i = j + 1;
                return null;
            }

            if (Member(pattern, ref j, open) is { } low)
            {
                return low;
            }

            if (j < pattern.Length && pattern[j] == '-')
            {
                j++;
                if (Member(pattern, ref j, open) is { } high)
                {
                    return high;
                }
            }
        }

        static string? Member(string pattern, ref int j, int open)
        {
            if (j >= pattern.Length)
            {
                return $"'[' at {open} has no closing ']'";
            }

            if (pattern[j] is '-' or ']')
            {
                return $"'{pattern[j]}' at {j + 1} must be escaped as '\\{pattern[j]}' to be a member of the class that '[' at {open} opens";
            }

            if (pattern[j] == '\\' && ++j >= pattern.Length)
            {
                return $"'[' at {open} has no closing ']'";
            }

            j += char.IsHighSurrogate(pattern[j]) ? 2 : 1;
            return null;
        }
    }
}
