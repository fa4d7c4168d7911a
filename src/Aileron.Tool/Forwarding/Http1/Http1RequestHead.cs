using System.Buffers;
using System.Collections.Frozen;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// Writes the HTTP/1.1 request line and headers the upstream gets, with the same shaping as the
/// YARP path (its <c>ProxyTransformer</c>): the client's headers minus hop-by-hop ones (and those
/// its Connection header lists, and Proxy), Host set
/// to the upstream's authority, X-Forwarded-For appended to, X-Forwarded-Port, -Proto and -Host set.
/// </summary>
internal static class Http1RequestHead
{
    /// <summary>Request headers that are not copied: <see cref="HopByHopHeaders"/>, plus the ones this writer sets itself.</summary>
    public static readonly FrozenSet<string> Skipped = new[]
    {
        "Host", HopByHopHeaders.Proxy, ForwardedHeaders.For, ForwardedHeaders.Proto, ForwardedHeaders.Host, ForwardedHeaders.Port,
    }.Concat(HopByHopHeaders.Names).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Writes the head of <paramref name="context"/>'s request for <paramref name="target"/> (origin
    /// form: path and query) into <paramref name="buffer"/>, growing it from the array pool when it is
    /// too small; returns the length written.
    /// </summary>
    /// <param name="chunked">The body goes out chunked (<see cref="Http1Upload.IsChunked"/>): the head says so.</param>
    public static int Write(HttpContext context, ReadOnlySpan<char> target, ReadOnlySpan<byte> hostLine, ref byte[] buffer, bool chunked = false)
    {
        var request = context.Request;
        var writer = new Writer(buffer);
        writer.Ascii(request.Method);
        writer.Byte((byte)' ');
        writer.Text(target);
        writer.Bytes(" HTTP/1.1\r\n"u8);
        writer.Bytes(hostLine);

        var listed = ConnectionOptions.ListedNames(context);
        foreach (var header in request.Headers)
        {
            if (Skipped.Contains(header.Key) || ConnectionOptions.Lists(listed, header.Key))
            {
                // gRPC needs TE: trailers end to end; every other TE is about this hop only.
                if (header.Key.Equals("TE", StringComparison.OrdinalIgnoreCase) && header.Value.ToString().Equals("trailers", StringComparison.OrdinalIgnoreCase))
                {
                    writer.Bytes("TE: trailers\r\n"u8);
                }

                continue;
            }

            if (header.Value.Count > 1 && header.Key.Equals(HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase))
            {
                // HTTP/2 lets a client split its cookies into fields; HTTP/1.1 allows one Cookie line (RFC 9113 8.2.3).
                writer.Header(header.Key, string.Join("; ", header.Value.ToArray()));
                continue;
            }

            foreach (var value in header.Value)
            {
                writer.Header(header.Key, value);
            }
        }

        var client = ClientAddress.Of(context);
        // Listed in Connection, the client's X-Forwarded-For was for this hop: only the proxy's own entry goes on.
        var prior = ConnectionOptions.Lists(listed, ForwardedHeaders.For) ? default : request.Headers[ForwardedHeaders.For];
        if (prior.Count > 0 || client.Length > 0)
        {
            writer.Ascii(ForwardedHeaders.For);
            writer.Bytes(": "u8);
            for (var i = 0; i < prior.Count; i++)
            {
                writer.Text(prior[i]);
                if (i < prior.Count - 1 || client.Length > 0)
                {
                    writer.Bytes(", "u8);
                }
            }

            writer.Text(client);
            writer.Bytes("\r\n"u8);
        }

        Span<char> port = stackalloc char[5];
        if (ClientAddress.TryFormatPort(context, port, out var digits))
        {
            writer.Ascii(ForwardedHeaders.Port);
            writer.Bytes(": "u8);
            writer.Text(port[..digits]);
            writer.Bytes("\r\n"u8);
        }

        writer.Header(ForwardedHeaders.Proto, request.Scheme);
        var host = request.Headers.Host;
        if (host.Count > 0)
        {
            writer.Header(ForwardedHeaders.Host, host.ToString());
        }

        if (chunked)
        {
            // Transfer-Encoding is hop-by-hop: Kestrel decoded the client's chunks, this hop frames them anew.
            writer.Bytes("Transfer-Encoding: chunked\r\n"u8);
        }

        writer.Bytes("\r\n"u8);
        buffer = writer.Buffer;
        return writer.Length;
    }

    /// <summary>Appends to a pooled array, renting a bigger one when a write does not fit.</summary>
    private ref struct Writer(byte[] buffer)
    {
        public byte[] Buffer = buffer;
        public int Length;

        public void Header(string name, string? value)
        {
            Ascii(name);
            Bytes(": "u8);
            Text(value);
            Bytes("\r\n"u8);
        }

        public void Byte(byte b)
        {
            Ensure(1);
            Buffer[Length++] = b;
        }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(Buffer.AsSpan(Length));
            Length += bytes.Length;
        }

        /// <summary>Names and methods are tokens: ASCII by Kestrel's parsing.</summary>
        public void Ascii(string text)
        {
            Ensure(text.Length);
            Length += Encoding.ASCII.GetBytes(text, Buffer.AsSpan(Length));
        }

        /// <summary>Values as UTF-8, which is ASCII for all but the rare header Kestrel let through decoded.</summary>
        public void Text(scoped ReadOnlySpan<char> text)
        {
            Ensure(Utf8.GetMaxByteCount(text.Length));
            Length += Utf8.GetBytes(text, Buffer.AsSpan(Length));
        }

        private void Ensure(int count)
        {
            if (Length + count <= Buffer.Length)
            {
                return;
            }

            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(Buffer.Length * 2, Length + count));
            Buffer.AsSpan(0, Length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = bigger;
        }
    }
}
