using System.Globalization;
using System.Text;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// One HTTP/1.x response as a client read it off a raw socket, parsed strictly enough to tell a
/// complete response from one the server cut off: its interim (1xx) answers, status, headers, the body
/// (decoded when chunked) and whether its framing was satisfied.
/// </summary>
internal sealed class RawResponse
{
    private RawResponse(string raw) => Raw = raw;

    /// <summary>Everything this response was parsed from (and what followed it).</summary>
    public string Raw { get; }

    /// <summary>The final status; 0 when not even a status line arrived.</summary>
    public int Status { get; private set; }

    /// <summary>The statuses of the interim (1xx) responses before the final one.</summary>
    public List<int> Interim { get; } = [];

    public List<KeyValuePair<string, string>> Headers { get; } = [];

    /// <summary>The body, decoded when chunked; what arrived of it when incomplete.</summary>
    public string Body { get; private set; } = string.Empty;

    /// <summary>The head and all of the body its framing announces arrived (for a body delimited by close: the connection closed).</summary>
    public bool Complete { get; private set; }

    /// <summary>What came after this response: a pipelined response, or bytes no response frames.</summary>
    public string Rest { get; private set; } = string.Empty;

    /// <summary>The values of a header (case-insensitive name), in order.</summary>
    public IReadOnlyList<string> Values(string name) =>
        [.. Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];

    public bool Has(string name) => Values(name).Count > 0;

    /// <summary>
    /// Parses the first final response in <paramref name="text"/>. <paramref name="headRequest"/>: the
    /// request was HEAD, so no body follows; <paramref name="closed"/>: the connection has closed, so a
    /// body delimited by close is complete.
    /// </summary>
    public static RawResponse Parse(string text, bool headRequest = false, bool closed = true)
    {
        var response = new RawResponse(text);
        var rest = text;
        while (true)
        {
            var end = rest.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0 || !rest.StartsWith("HTTP/1.", StringComparison.Ordinal) || rest.Length < 12
                || !int.TryParse(rest.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                response.Status = rest.StartsWith("HTTP/1.", StringComparison.Ordinal) && rest.Length >= 12
                    && int.TryParse(rest.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var partial) ? partial : 0;
                response.Rest = rest;
                return response;
            }

            var lines = rest[..end].Split("\r\n");
            rest = rest[(end + 4)..];
            if (status is >= 100 and < 200 && status != 101)
            {
                response.Interim.Add(status);
                continue;
            }

            response.Status = status;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                response.Headers.Add(new(colon < 0 ? line : line[..colon], colon < 0 ? string.Empty : line[(colon + 1)..].Trim(' ', '\t')));
            }

            break;
        }

        if (headRequest || response.Status is 101 or 204 or 304)
        {
            response.Complete = true;
            response.Rest = rest;
        }
        else if (response.Values("Transfer-Encoding") is { Count: > 0 } encodings)
        {
            if (encodings[^1].Split(',')[^1].Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                response.ReadChunked(rest);
            }
            else
            {
                response.Body = rest;
                response.Complete = closed;
            }
        }
        else if (response.Values("Content-Length") is { Count: > 0 } lengths)
        {
            var length = lengths.Distinct().Count() == 1 && int.TryParse(lengths[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
            response.Complete = length >= 0 && rest.Length >= length;
            response.Body = response.Complete ? rest[..length] : rest;
            response.Rest = response.Complete ? rest[length..] : string.Empty;
        }
        else
        {
            response.Body = rest;
            response.Complete = closed;
        }

        return response;
    }

    /// <summary>Every response in <paramref name="text"/> (all a connection received before it closed), in order.</summary>
    public static List<RawResponse> ParseAll(string text)
    {
        var all = new List<RawResponse>();
        while (text.Length > 0)
        {
            var response = Parse(text);
            all.Add(response);
            if (!response.Complete || response.Rest.Length >= text.Length)
            {
                break;
            }

            text = response.Rest;
        }

        return all;
    }

    public override string ToString() => Raw.Length > 2000 ? Raw[..2000] + "…" : Raw;

    private void ReadChunked(string rest)
    {
        var body = new StringBuilder();
        while (true)
        {
            var end = rest.IndexOf("\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var digits = rest[..end].Split(';')[0].Trim(' ', '\t');
            if (!int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                break;
            }

            rest = rest[(end + 2)..];
            if (size == 0)
            {
                // Trailer fields, up to the empty line.
                while ((end = rest.IndexOf("\r\n", StringComparison.Ordinal)) > 0)
                {
                    rest = rest[(end + 2)..];
                }

                if (end == 0)
                {
                    Complete = true;
                    rest = rest[2..];
                }

                break;
            }

            if (rest.Length < size + 2 || rest.Substring(size, 2) != "\r\n")
            {
                body.Append(rest[..Math.Min(size, rest.Length)]);
                rest = string.Empty;
                break;
            }

            body.Append(rest[..size]);
            rest = rest[(size + 2)..];
        }

        Body = body.ToString();
        Rest = Complete ? rest : string.Empty;
    }
}
