namespace Aileron.Errors;

/// <summary>
/// The media type Go's <c>mime.ParseMediaType</c> returns for one entry of an Accept header, which
/// is all AILERON's error handler reads of it: lower-cased and trimmed, or empty when the entry is
/// not <c>token</c> or <c>token/token</c> (RFC 2045 tokens), or repeats a parameter with another
/// value. Malformed parameters after a valid type still yield the type, as in Go since 1.17.
/// </summary>
internal static class GoMediaType
{
    /// <summary>The media type, lower-cased; empty when Go rejects the entry.</summary>
    public static string Parse(ReadOnlySpan<char> entry) =>
        TryParse(entry, out var type) ? type.ToString().ToLowerInvariant() : string.Empty;

    /// <summary>The media type as written (compare it ignoring case); false when Go rejects the entry.</summary>
    public static bool TryParse(ReadOnlySpan<char> entry, out ReadOnlySpan<char> type)
    {
        var semicolon = entry.IndexOf(';');
        type = (semicolon < 0 ? entry : entry[..semicolon]).Trim();
        return IsMediaType(type) && (semicolon < 0 || !HasConflictingParameters(entry[semicolon..]));
    }

    /// <summary>RFC 2045 token characters: visible ASCII but <c>()&lt;&gt;@,;:\"/[]?=</c>.</summary>
    public static bool IsTokenChar(char c) =>
        c is > ' ' and < (char)0x7f && "()<>@,;:\\\"/[]?=".IndexOf(c, StringComparison.Ordinal) < 0;

    private static bool IsMediaType(ReadOnlySpan<char> type)
    {
        var typeLength = TokenLength(type);
        if (typeLength == 0)
        {
            return false;
        }

        var rest = type[typeLength..];
        if (rest.IsEmpty)
        {
            return true;
        }

        if (rest[0] != '/')
        {
            return false;
        }

        var subtypeLength = TokenLength(rest[1..]);
        return subtypeLength > 0 && subtypeLength == rest.Length - 1;
    }

    private static int TokenLength(ReadOnlySpan<char> text)
    {
        var n = 0;
        while (n < text.Length && IsTokenChar(text[n]))
        {
            n++;
        }

        return n;
    }

    /// <summary>
    /// Reads <c>; name=value</c> pairs until one does not parse (Go then keeps the media type); true
    /// when a name comes twice with different values (Go then rejects the entry).
    /// </summary>
    private static bool HasConflictingParameters(ReadOnlySpan<char> parameters)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = parameters;
        while (true)
        {
            rest = rest.TrimStart();
            if (rest.IsEmpty || rest[0] != ';')
            {
                return false;
            }

            rest = rest[1..].TrimStart();
            var nameLength = TokenLength(rest);
            if (nameLength == 0)
            {
                return false;
            }

            var name = rest[..nameLength].ToString().ToLowerInvariant();
            rest = rest[nameLength..].TrimStart();
            if (rest.IsEmpty || rest[0] != '=')
            {
                return false;
            }

            rest = rest[1..].TrimStart();
            string value;
            if (!rest.IsEmpty && rest[0] == '"')
            {
                var end = rest[1..].IndexOf('"');
                if (end < 0)
                {
                    return false;
                }

                value = rest.Slice(1, end).ToString();
                rest = rest[(end + 2)..];
            }
            else
            {
                var valueLength = TokenLength(rest);
                if (valueLength == 0)
                {
                    return false;
                }

                value = rest[..valueLength].ToString();
                rest = rest[valueLength..];
            }

            if (seen.TryGetValue(name, out var earlier) && earlier != value)
            {
                return true;
            }

            seen[name] = value;
        }
    }
}
