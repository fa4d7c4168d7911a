using System.Buffers;
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

    private static readonly SearchValues<byte> Token =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Appends the field on <paramref name="line"/> (<c>name: value</c>, no CRLF) to the response's trailers.</summary>
    public static void Append(HttpResponse response, ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0 || line[..colon].ContainsAnyExcept(Token))
        {
            return;
        }

        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (value.ContainsAnyInRange((byte)0, (byte)0x08) || value.ContainsAnyInRange((byte)0x0A, (byte)0x1F) || value.Contains((byte)0x7F))
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
