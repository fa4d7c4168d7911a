using System.Buffers;
using System.Text;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// The status line and header section of an upstream's HTTP/1.x response, parsed from bytes and
/// checked the way a proxy must (RFC 9112): how the body is framed, whether the connection may be
/// reused, and which headers reach the client (hop-by-hop ones and those the Connection header
/// names do not). One instance per pooled connection; header strings are reused while upstreams
/// keep sending the same bytes (Server, Content-Type, …), so a typical response allocates only the
/// values that change.
/// </summary>
internal sealed class Http1ResponseHead
{
    /// <summary>
    /// Names looked up without allocating. The first group is never forwarded: Connection,
    /// Transfer-Encoding and Content-Length frame this hop; then the rest of
    /// <see cref="HopByHopHeaders"/>, so both forwarding paths agree; and Trailer, which
    /// announces fields Kestrel never sends an HTTP/1.1 client.
    /// </summary>
    private static readonly string[] NotForwarded =
    [
        "Connection", "Transfer-Encoding", "Content-Length",
        .. HopByHopHeaders.Names.Where(n => n is not ("Connection" or "Transfer-Encoding")),
        "Trailer",
    ];

    private static readonly string[] KnownNames =
    [
        .. NotForwarded,
        "Content-Type", "Date", "Server", "Cache-Control", "ETag", "Last-Modified", "Expires", "Vary", "Location",
        "Set-Cookie", "Content-Encoding", "Content-Language", "Content-Range", "Content-Disposition", "Accept-Ranges",
        "Age", "Pragma", "Link", "WWW-Authenticate", "Access-Control-Allow-Origin", "Strict-Transport-Security",
        "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy",
    ];

    /// <summary>The indexes of <see cref="KnownNames"/> by name length, so a lookup compares a few names at most.</summary>
    private static readonly int[][] ByLength = [.. Enumerable.Range(0, KnownNames.Max(n => n.Length) + 1)
        .Select(length => Enumerable.Range(0, KnownNames.Length).Where(i => KnownNames[i].Length == length).ToArray())];

    /// <summary>The known names in lower case, as bytes, for a comparison that allocates nothing.</summary>
    private static readonly byte[][] LowerNames = [.. KnownNames.Select(n => Encoding.ASCII.GetBytes(n.ToLowerInvariant()))];

    /// <summary>RFC 9110 tchar, by byte value: what a header name is made of.</summary>
    private static readonly bool[] TokenChar = [.. Enumerable.Range(0, 256).Select(b =>
        b < 0x80 && (char.IsAsciiLetterOrDigit((char)b) || "!#$%&'*+-.^_`|~".Contains((char)b, StringComparison.Ordinal)))];

    /// <summary>What a header value may not hold: a field value has no line breaks or NUL (RFC 9110 5.5).</summary>
    private static readonly SearchValues<byte> ForbiddenInValues = SearchValues.Create("\r\n\0"u8);

    private const int ConnectionIndex = 0;
    private const int TransferEncodingIndex = 1;
    private const int ContentLengthIndex = 2;

    /// <summary>
    /// The last value seen of each known header, per thread rather than per connection: upstreams
    /// mostly send the same Server, Content-Type and (for a second) Date, and one table per event
    /// thread stays warm in the CPU cache where one per connection would not.
    /// </summary>
    [ThreadStatic]
    private static SeenValue?[]? t_lastValues;

    private readonly List<KeyValuePair<string, string>> _headers = [];
    private List<string>? _connectionTokens;

    /// <summary>The status code (100–999).</summary>
    public int Status { get; private set; }

    /// <summary>The length the Content-Length header gives; -1 when the body is chunked, read to close, or has no length.</summary>
    public long ContentLength { get; private set; }

    /// <summary>The body comes in chunks (Transfer-Encoding ending in chunked).</summary>
    public bool Chunked { get; private set; }

    /// <summary>
    /// A Transfer-Encoding that does not end in chunked: the body runs until the upstream closes the
    /// connection. (A response with no framing at all also does, unless its status or the request
    /// method rules a body out; the forwarder decides that.)
    /// </summary>
    public bool ReadsToClose => !Chunked && ContentLength < 0 && _transferEncoded;

    /// <summary>After this response the connection can carry another request (given the body was read whole).</summary>
    public bool Reusable { get; private set; }

    /// <summary>The headers to give the client, in the order received, Content-Length excluded (it is <see cref="ContentLength"/>).</summary>
    public List<KeyValuePair<string, string>> Headers => _headers;

    private bool _transferEncoded;

    /// <summary>
    /// Parses <paramref name="head"/> (status line and header lines, without the empty line that
    /// ends them); on failure <paramref name="error"/> says what is wrong, for the log.
    /// </summary>
    public bool TryParse(ReadOnlySpan<byte> head, out string? error)
    {
        _headers.Clear();
        _connectionTokens?.Clear();
        _transferEncoded = false;
        Reusable = false;
        Chunked = false;
        ContentLength = -1;
        Status = 0;
        error = null;

        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = lineEnd < 0 ? head : head[..lineEnd];
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[7] is not ((byte)'0' or (byte)'1')
            || statusLine[8] != (byte)' ' || !IsDigit(statusLine[9]) || !IsDigit(statusLine[10]) || !IsDigit(statusLine[11])
            || (statusLine.Length > 12 && statusLine[12] != (byte)' ') || statusLine[9] == (byte)'0'
            || statusLine.ContainsAny(ForbiddenInValues))
        {
            error = "invalid status line";
            return false;
        }

        Status = ((statusLine[9] - '0') * 100) + ((statusLine[10] - '0') * 10) + (statusLine[11] - '0');
        var http10 = statusLine[7] == (byte)'0';
        var close = false;
        var keepAlive = false;
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (rest.Length > 0)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            // A token for a name, right up to the colon: no obs-fold, no whitespace before it (RFC 9112 5).
            var colon = 0;
            while (colon < line.Length && TokenChar[line[colon]])
            {
                colon++;
            }

            if (colon == 0 || colon == line.Length || line[colon] != (byte)':')
            {
                error = "invalid header line";
                return false;
            }

            var valueBytes = line[(colon + 1)..].Trim(" \t"u8);
            foreach (var b in valueBytes)
            {
                if (b is (byte)'\r' or (byte)'\n' or 0)
                {
                    error = "invalid header value";
                    return false;
                }
            }

            var nameBytes = line[..colon];
            var known = Known(nameBytes);
            switch (known)
            {
                case ConnectionIndex:
                    foreach (var range in valueBytes.Split((byte)','))
                    {
                        var token = valueBytes[range].Trim(" \t"u8);
                        if (Ascii.EqualsIgnoreCase(token, "close"u8))
                        {
                            close = true;
                        }
                        else if (Ascii.EqualsIgnoreCase(token, "keep-alive"u8))
                        {
                            keepAlive = true;
                        }
                        else if (!token.IsEmpty)
                        {
                            // Any other token names a header that is only for this hop (RFC 9110 7.6.1).
                            (_connectionTokens ??= []).Add(Encoding.Latin1.GetString(token));
                        }
                    }

                    continue;
                case TransferEncodingIndex:
                    _transferEncoded = true;
                    var last = valueBytes;
                    var comma = valueBytes.LastIndexOf((byte)',');
                    if (comma >= 0)
                    {
                        last = valueBytes[(comma + 1)..].Trim(" \t"u8);
                    }

                    Chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
                    continue;
                case ContentLengthIndex:
                    if (!TryParseLength(valueBytes, out var length) || (ContentLength >= 0 && ContentLength != length))
                    {
                        error = "invalid Content-Length";
                        return false;
                    }

                    ContentLength = length;
                    continue;
            }

            if (known >= 0 && known < NotForwarded.Length)
            {
                continue;
            }

            var name = known >= 0 ? KnownNames[known] : Encoding.Latin1.GetString(nameBytes);
            string value;
            var lastValues = t_lastValues ??= new SeenValue?[KnownNames.Length];
            if (known >= 0 && lastValues[known] is { } seen && valueBytes.SequenceEqual(seen.Bytes))
            {
                value = seen.Text;
            }
            else
            {
                value = Encoding.Latin1.GetString(valueBytes);
                if (known >= 0)
                {
                    lastValues[known] = new SeenValue(valueBytes.ToArray(), value);
                }
            }

            _headers.Add(new KeyValuePair<string, string>(name, value));
        }

        if (_transferEncoded && ContentLength >= 0)
        {
            // Two framings: a smuggling or response-splitting attempt, to be handled as an error
            // (RFC 9112 6.3), as nginx does (502).
            error = "both Transfer-Encoding and Content-Length";
            return false;
        }

        if (_transferEncoded && http10)
        {
            // Transfer-Encoding is not HTTP/1.0's: the framing is faulty (RFC 9112 6.1); nginx answers 502.
            error = "Transfer-Encoding in an HTTP/1.0 response";
            return false;
        }

        if (_connectionTokens is { Count: > 0 } named)
        {
            _headers.RemoveAll(h => named.Contains(h.Key, StringComparer.OrdinalIgnoreCase));
        }

        Reusable = !close && (!http10 || keepAlive) && !ReadsToClose;
        return true;
    }

    /// <summary>Whether the response to a request with this method and this status carries no body whatever its headers say.</summary>
    public bool HasNoBody(bool headRequest) => headRequest || Status is 204 or 304 || Status < 200;

    private static int Known(ReadOnlySpan<byte> name)
    {
        if (name.Length >= ByLength.Length)
        {
            return -1;
        }

        foreach (var i in ByLength[name.Length])
        {
            var lower = LowerNames[i];
            var same = true;
            for (var j = 0; j < lower.Length && same; j++)
            {
                // Token characters: OR-ing 0x20 lowers letters and leaves digits and '-' as they are.
                same = (name[j] | 0x20) == lower[j];
            }

            if (same)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryParseLength(ReadOnlySpan<byte> value, out long length)
    {
        length = 0;
        if (value.IsEmpty || value.Length > 18)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            length = (length * 10) + (b - '0');
        }

        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private sealed record SeenValue(byte[] Bytes, string Text);
}
