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
        Reset();
        var lineEnd = head.IndexOf("\r\n"u8);
        if (!TryParseStatusLine(lineEnd < 0 ? head : head[..lineEnd], out var http10))
        {
            error = "invalid status line";
            return false;
        }

        var connection = default(ConnectionSaid);
        var rest = lineEnd < 0 ? [] : head[(lineEnd + 2)..];
        while (rest.Length > 0)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            if (ParseHeaderLine(line, ref connection) is { } invalid)
            {
                error = invalid;
                return false;
            }
        }

        error = CheckFraming(http10);
        if (error is not null)
        {
            return false;
        }

        if (_connectionTokens is { Count: > 0 })
        {
            RemoveListed(_headers, _connectionTokens);
        }

        Reusable = !connection.Close && (!http10 || connection.KeepAlive) && !ReadsToClose;
        return true;
    }

    /// <summary>
    /// Drops the headers the Connection header listed. Its own method: the lambda's captured list
    /// would otherwise be allocated on every parse, listed names or not.
    /// </summary>
    private static void RemoveListed(List<KeyValuePair<string, string>> headers, List<string> named) =>
        headers.RemoveAll(h => named.Contains(h.Key, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether the response to a request with this method and this status carries no body whatever its headers say.</summary>
    public bool HasNoBody(bool headRequest) => headRequest || Status is 204 or 304 || Status < 200;

    private void Reset()
    {
        _headers.Clear();
        _connectionTokens?.Clear();
        _transferEncoded = false;
        Reusable = false;
        Chunked = false;
        ContentLength = -1;
        Status = 0;
    }

    /// <summary><c>HTTP/1.x SP 3DIGIT [SP reason]</c>, the status 100–999.</summary>
    private bool TryParseStatusLine(ReadOnlySpan<byte> line, out bool http10)
    {
        http10 = line.Length > 7 && line[7] == (byte)'0';
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8) || line[7] is not ((byte)'0' or (byte)'1')
            || line[8] != (byte)' ' || !IsDigit(line[9]) || !IsDigit(line[10]) || !IsDigit(line[11])
            || (line.Length > 12 && line[12] != (byte)' ') || line[9] == (byte)'0'
            || line.ContainsAny(ForbiddenInValues))
        {
            return false;
        }

        Status = ((line[9] - '0') * 100) + ((line[10] - '0') * 10) + (line[11] - '0');
        return true;
    }

    /// <summary>
    /// Splits a field line (a header, or a trailer of a chunked body) into its name, up to
    /// <paramref name="colon"/>, and its value without the whitespace around it; what is wrong with it, or null.
    /// </summary>
    public static string? SplitField(ReadOnlySpan<byte> line, out int colon, out ReadOnlySpan<byte> value)
    {
        // A token for a name, right up to the colon: no obs-fold, no whitespace before it (RFC 9112 5).
        colon = 0;
        value = default;
        while (colon < line.Length && TokenChar[line[colon]])
        {
            colon++;
        }

        if (colon == 0 || colon == line.Length || line[colon] != (byte)':')
        {
            return "invalid header line";
        }

        value = line[(colon + 1)..].Trim(" \t"u8);
        return value.ContainsAny(ForbiddenInValues) ? "invalid header value" : null;
    }

    /// <summary>One header line: framing and connection headers read, the rest kept for the client; what is wrong with it, or null.</summary>
    private string? ParseHeaderLine(ReadOnlySpan<byte> line, ref ConnectionSaid connection)
    {
        if (SplitField(line, out var colon, out var value) is { } invalid)
        {
            return invalid;
        }

        var known = Known(line[..colon]);
        switch (known)
        {
            case ConnectionIndex:
                ReadConnection(value, ref connection);
                return null;
            case TransferEncodingIndex:
                ReadTransferEncoding(value);
                return null;
            case ContentLengthIndex:
                if (!TryParseLength(value, out var length) || (ContentLength >= 0 && ContentLength != length))
                {
                    return "invalid Content-Length";
                }

                ContentLength = length;
                return null;
            case >= 0 when known < NotForwarded.Length:
                return null;
        }

        _headers.Add(new KeyValuePair<string, string>(known >= 0 ? KnownNames[known] : Encoding.Latin1.GetString(line[..colon]), ValueText(known, value)));
        return null;
    }

    private void ReadConnection(ReadOnlySpan<byte> value, ref ConnectionSaid connection)
    {
        foreach (var range in value.Split((byte)','))
        {
            var token = value[range].Trim(" \t"u8);
            if (Ascii.EqualsIgnoreCase(token, "close"u8))
            {
                connection.Close = true;
            }
            else if (Ascii.EqualsIgnoreCase(token, "keep-alive"u8))
            {
                connection.KeepAlive = true;
            }
            else if (!token.IsEmpty)
            {
                // Any other token names a header that is only for this hop (RFC 9110 7.6.1).
                (_connectionTokens ??= []).Add(Encoding.Latin1.GetString(token));
            }
        }
    }

    /// <summary>The last coding decides: chunked frames the body, anything else runs it to the close.</summary>
    private void ReadTransferEncoding(ReadOnlySpan<byte> value)
    {
        _transferEncoded = true;
        var comma = value.LastIndexOf((byte)',');
        var last = comma >= 0 ? value[(comma + 1)..].Trim(" \t"u8) : value;
        Chunked = Ascii.EqualsIgnoreCase(last, "chunked"u8);
    }

    /// <summary>A known header's value is the string made for it last time when the bytes are the same.</summary>
    private static string ValueText(int known, ReadOnlySpan<byte> value)
    {
        if (known < 0)
        {
            return Encoding.Latin1.GetString(value);
        }

        var lastValues = t_lastValues ??= new SeenValue?[KnownNames.Length];
        if (lastValues[known] is { } seen && value.SequenceEqual(seen.Bytes))
        {
            return seen.Text;
        }

        var text = Encoding.Latin1.GetString(value);
        lastValues[known] = new SeenValue(value.ToArray(), text);
        return text;
    }

    /// <summary>What is wrong with the framing the headers declared, or null.</summary>
    private string? CheckFraming(bool http10)
    {
        if (_transferEncoded && ContentLength >= 0)
        {
            // Two framings: a smuggling or response-splitting attempt, to be handled as an error
            // (RFC 9112 6.3), as nginx does (502).
            return "both Transfer-Encoding and Content-Length";
        }

        // Transfer-Encoding is not HTTP/1.0's: the framing is faulty (RFC 9112 6.1); nginx answers 502.
        return _transferEncoded && http10 ? "Transfer-Encoding in an HTTP/1.0 response" : null;
    }

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

    /// <summary>What the Connection header said of the connection itself.</summary>
    private struct ConnectionSaid
    {
        public bool Close;
        public bool KeepAlive;
    }
}
