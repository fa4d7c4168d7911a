using System.Collections.Frozen;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// Trailer fields of an upstream's chunked answer, for a client that takes trailers (HTTP/2: gRPC
/// status, checksums computed while streaming). A field that is not well formed, or one that would
/// speak about framing or routing, is left out rather than failing an answer whose body has gone.
/// </summary>
internal static class Http1Trailers
{
    /// <summary>Fields never sent as trailers (RFC 9110 6.5.1), beside the hop-by-hop ones.</summary>
    private static readonly FrozenSet<string> Forbidden = new[]
    {
        "Content-Length", "Content-Type", "Content-Encoding", "Content-Range", "Host", "Trailer", "Authorization", "Set-Cookie",
    }.Concat(HopByHopHeaders.Names).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Appends the field on <paramref name="line"/> (<c>name: value</c>, no CRLF) to the response's trailers.</summary>
    public static void Append(HttpResponse response, ReadOnlySpan<byte> line)
    {
        // Read as a header line is; Kestrel refuses any control character in a value it sends, not only CR, LF and NUL.
        if (Http1ResponseHead.SplitField(line, out var colon, out var value) is not null
            || value.ContainsAnyInRange((byte)0, (byte)0x08) || value.ContainsAnyInRange((byte)0x0A, (byte)0x1F) || value.Contains((byte)0x7F))
        {
            return;
        }

        var name = Encoding.ASCII.GetString(line[..colon]);
        if (!Forbidden.Contains(name))
        {
            response.AppendTrailer(name, Encoding.Latin1.GetString(value));
        }
    }
}
