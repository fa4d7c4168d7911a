using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Forwarding;

/// <summary>
/// Builds the upstream request URI: the upstream's URL (its base path included) + the forwarded path
/// + the query string exactly as the client sent it. A path that passes through unchanged keeps the
/// client's own percent-encoding (so <c>%2F</c> stays <c>%2F</c> and <c>%2520</c> stays
/// <c>%2520</c>), unless that raw form carries dot segments, which are only ever sent resolved.
/// </summary>
internal static class UpstreamUri
{
    // RFC 3986 pchar plus '/': what a path may hold unescaped.
    private static readonly SearchValues<char> PathChars =
        SearchValues.Create("!$&'()*+,-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    private static readonly SearchValues<char> RawPathChars =
        SearchValues.Create("!$&'()*+,-./0123456789:;=@ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~%");

    /// <summary>
    /// The absolute upstream URL. <paramref name="forwardPath"/> is the routed path; when it is the
    /// request's own path (same instance) the client's encoding of it may be kept.
    /// </summary>
    public static string Build(string prefix, HttpContext context, string forwardPath)
    {
        var path = forwardPath;
        if (path.AsSpan().IndexOfAnyExcept(PathChars) >= 0)
        {
            path = ReferenceEquals(forwardPath, context.Request.Path.Value) && RawPath(context) is { } raw ? raw : Encode(path);
        }

        var query = context.Request.QueryString.Value;
        return path.Length == 0 || path[0] == '/'
            ? string.Concat(prefix, path, query)
            : string.Concat(prefix, "/", path, query);
    }

    /// <summary>
    /// Percent-encodes what a path may not hold. A <c>%2F</c> is kept: Kestrel leaves an encoded
    /// slash encoded in the decoded path, and decoding it would move a segment boundary.
    /// </summary>
    public static string Encode(string path)
    {
        var sb = new StringBuilder(path.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (PathChars.Contains(c))
            {
                sb.Append(c);
            }
            else if (c == '%' && i + 2 < path.Length && path[i + 1] == '2' && path[i + 2] is 'F' or 'f')
            {
                sb.Append(c);
            }
            else
            {
                // A lone surrogate becomes U+FFFD rather than failing the request.
                Rune.DecodeFromUtf16(path.AsSpan(i), out var rune, out var consumed);
                var length = rune.EncodeToUtf8(utf8);
                for (var b = 0; b < length; b++)
                {
                    sb.Append('%').Append(utf8[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }

                i += consumed - 1;
            }
        }

        return sb.ToString();
    }

    /// <summary>The path of the request line as received, when it is safe to forward as it is.</summary>
    private static string? RawPath(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            return null;
        }

        var end = target.IndexOf('?', StringComparison.Ordinal);
        var raw = end < 0 ? target : target[..end];
        if (raw.AsSpan().IndexOfAnyExcept(RawPathChars) >= 0
            || raw.Contains("/.", StringComparison.Ordinal)
            || raw.Contains("%2e", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return raw;
    }
}
