using System.Buffers;
using System.Text;

namespace Aileron.Patterns;

/// <summary>
/// Go's <c>path.Match</c> (and <c>path/filepath.Match</c> on Unix, which is the same), ported
/// step for step over UTF-8 bytes as Go runs it: AILERON's <c>Path</c> and <c>FilePath</c> match
/// types, its error handler's <c>codes</c> and <c>kinds</c>, and its choice of an error content by
/// <c>Accept</c>. <c>*</c> is any run of bytes other than <c>/</c>, <c>?</c> one character other
/// than <c>/</c>, <c>[...]</c> a class of characters and ranges (<c>^</c> negates; <c>\</c> escapes
/// a member; a member may not start with an unescaped <c>-</c> or <c>]</c>), <c>\</c> escapes; the
/// whole name must match. A malformed pattern is reported as Go's <c>ErrBadPattern</c> is, even
/// when the name already failed to match.
/// </summary>
internal static class GoPathMatch
{
    /// <summary>Go's <c>ErrBadPattern</c> text.</summary>
    public const string BadPattern = "syntax error in pattern";

    private const int StackLimit = 256;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>True when the pattern matches the whole name; a malformed pattern matches nothing.</summary>
    public static bool IsMatch(string pattern, ReadOnlySpan<char> name) => Match(pattern, name, out var bad) && !bad;

    /// <summary>Go's <c>Match(pattern, name)</c>: the result, and whether the pattern is malformed (then the result is false).</summary>
    public static bool Match(string pattern, ReadOnlySpan<char> name, out bool badPattern)
    {
        byte[]? rentedPattern = null;
        byte[]? rentedName = null;
        try
        {
            var p = Encode(pattern, stackalloc byte[StackLimit], ref rentedPattern);
            var n = Encode(name, stackalloc byte[StackLimit], ref rentedName);
            return Match(p, n, out badPattern);
        }
        finally
        {
            if (rentedPattern is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedPattern);
            }

            if (rentedName is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedName);
            }
        }
    }

    /// <summary>True when Go accepts the pattern; otherwise <paramref name="error"/> says what is wrong with it.</summary>
    public static bool IsValid(string pattern, out string error)
    {
        // Go validates the rest of a pattern even after a mismatch, so any name finds every error.
        Match(pattern, string.Empty, out var bad);
        error = bad ? GoPathMatchErrors.Explain(pattern) : string.Empty;
        return !bad;
    }

    /// <summary>Go's <c>Match</c> over UTF-8 bytes.</summary>
    public static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> name, out bool badPattern)
    {
        badPattern = false;
        while (pattern.Length > 0)
        {
            var star = ScanChunk(ref pattern, out var chunk);
            if (star && chunk.IsEmpty)
            {
                // A trailing * matches the rest of the name unless it has a '/'.
                return name.IndexOf((byte)'/') < 0;
            }

            // Look for a match at the current position; the last chunk must use up the name.
            var ok = MatchChunk(chunk, name, out var used, out var bad);
            if (ok && (used == name.Length || pattern.Length > 0))
            {
                name = name[used..];
                continue;
            }

            if (bad)
            {
                badPattern = true;
                return false;
            }

            var advanced = false;
            if (star)
            {
                // Look for a match skipping i+1 bytes; a * cannot skip a '/'.
                for (var i = 0; i < name.Length && name[i] != '/'; i++)
                {
                    ok = MatchChunk(chunk, name[(i + 1)..], out used, out bad);
                    if (ok)
                    {
                        if (pattern.Length == 0 && i + 1 + used < name.Length)
                        {
                            continue;
                        }

                        name = name[(i + 1 + used)..];
                        advanced = true;
                        break;
                    }

                    if (bad)
                    {
                        badPattern = true;
                        return false;
                    }
                }
            }

            if (advanced)
            {
                continue;
            }

            // Before answering no, check that the rest of the pattern is well formed.
            while (pattern.Length > 0)
            {
                ScanChunk(ref pattern, out chunk);
                MatchChunk(chunk, [], out _, out bad);
                if (bad)
                {
                    badPattern = true;
                    return false;
                }
            }

            return false;
        }

        return name.IsEmpty;
    }

    /// <summary>Takes the leading stars and the chunk up to the next star outside a class; true when there were stars.</summary>
    private static bool ScanChunk(ref ReadOnlySpan<byte> pattern, out ReadOnlySpan<byte> chunk)
    {
        var star = false;
        while (pattern.Length > 0 && pattern[0] == '*')
        {
            pattern = pattern[1..];
            star = true;
        }

        var inRange = false;
        var i = 0;
        for (; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                // A trailing backslash is reported by MatchChunk.
                if (i + 1 < pattern.Length)
                {
                    i++;
                }
            }
            else if (c == '[')
            {
                inRange = true;
            }
            else if (c == ']')
            {
                inRange = false;
            }
            else if (c == '*' && !inRange)
            {
                break;
            }
        }

        chunk = pattern[..i];
        pattern = pattern[i..];
        return star;
    }

    /// <summary>
    /// Matches a chunk against the start of <paramref name="s"/>, of which it <paramref name="used"/>
    /// so many bytes; keeps parsing the chunk after a mismatch so a malformed chunk is always reported.
    /// </summary>
    private static bool MatchChunk(ReadOnlySpan<byte> chunk, ReadOnlySpan<byte> s, out int used, out bool bad)
    {
        used = 0;
        bad = false;
        var length = s.Length;
        var failed = false;
        while (chunk.Length > 0)
        {
            if (!failed && s.IsEmpty)
            {
                failed = true;
            }

            switch (chunk[0])
            {
                case (byte)'[':
                    var r = 0;
                    if (!failed)
                    {
                        r = DecodeRune(s, out var n);
                        s = s[n..];
                    }

                    chunk = chunk[1..];
                    var negated = false;
                    if (chunk.Length > 0 && chunk[0] == '^')
                    {
                        negated = true;
                        chunk = chunk[1..];
                    }

                    var match = false;
                    var ranges = 0;
                    while (true)
                    {
                        if (chunk.Length > 0 && chunk[0] == ']' && ranges > 0)
                        {
                            chunk = chunk[1..];
                            break;
                        }

                        if (!GetEscaped(ref chunk, out var lo))
                        {
                            bad = true;
                            return false;
                        }

                        var hi = lo;
                        if (chunk[0] == '-')
                        {
                            chunk = chunk[1..];
                            if (!GetEscaped(ref chunk, out hi))
                            {
                                bad = true;
                                return false;
                            }
                        }

                        if (lo <= r && r <= hi)
                        {
                            match = true;
                        }

                        ranges++;
                    }

                    if (match == negated)
                    {
                        failed = true;
                    }

                    break;

                case (byte)'?':
                    if (!failed)
                    {
                        if (s[0] == '/')
                        {
                            failed = true;
                        }

                        DecodeRune(s, out var width);
                        s = s[width..];
                    }

                    chunk = chunk[1..];
                    break;

                case (byte)'\\':
                    chunk = chunk[1..];
                    if (chunk.IsEmpty)
                    {
                        bad = true;
                        return false;
                    }

                    goto default;

                default:
                    if (!failed)
                    {
                        if (chunk[0] != s[0])
                        {
                            failed = true;
                        }

                        s = s[1..];
                    }

                    chunk = chunk[1..];
                    break;
            }
        }

        if (failed)
        {
            return false;
        }

        used = length - s.Length;
        return true;
    }

    /// <summary>
    /// Go's <c>getEsc</c>: one member of a class, unescaped; false (a bad pattern) when the member is
    /// missing, starts with '-' or ']', is a lone '\', is not UTF-8, or nothing follows it.
    /// </summary>
    private static bool GetEscaped(ref ReadOnlySpan<byte> chunk, out int rune)
    {
        rune = 0;
        if (chunk.IsEmpty || chunk[0] == '-' || chunk[0] == ']')
        {
            return false;
        }

        if (chunk[0] == '\\')
        {
            chunk = chunk[1..];
            if (chunk.IsEmpty)
            {
                return false;
            }
        }

        var status = Rune.DecodeFromUtf8(chunk, out var decoded, out var n);
        rune = decoded.Value;
        chunk = chunk[n..];
        return status == OperationStatus.Done && !chunk.IsEmpty;
    }

    /// <summary>The first character of <paramref name="s"/>; an invalid byte counts as one character (U+FFFD), as in Go.</summary>
    private static int DecodeRune(ReadOnlySpan<byte> s, out int width)
    {
        var status = Rune.DecodeFromUtf8(s, out var rune, out width);
        if (status != OperationStatus.Done)
        {
            width = 1;
            return Rune.ReplacementChar.Value;
        }

        return rune.Value;
    }

    private static ReadOnlySpan<byte> Encode(ReadOnlySpan<char> text, Span<byte> stack, ref byte[]? rented)
    {
        var max = Utf8.GetMaxByteCount(text.Length);
        var buffer = max <= stack.Length ? stack : (rented = ArrayPool<byte>.Shared.Rent(max));
        var length = Utf8.GetBytes(text, buffer);
        return buffer[..length];
    }
}
