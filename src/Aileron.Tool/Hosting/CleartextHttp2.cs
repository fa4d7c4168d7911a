using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aileron.Hosting;

/// <summary>
/// HTTP/1.1 and HTTP/2 with prior knowledge on one cleartext port. Kestrel picks the protocol of a
/// connection from TLS ALPN, so without TLS it serves only one of them; this connection middleware
/// looks at the first bytes, and when they are the HTTP/2 client preface, marks the connection for
/// HTTP/2 through the per-connection protocol feature Kestrel's TLS layer uses for the same purpose.
/// Nothing is consumed: Kestrel reads the bytes again.
/// </summary>
internal static class CleartextHttp2
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    // Kestrel's internal HttpProtocolsFeature; null if a future Kestrel renames it (then HTTP/1.1 only).
    private static readonly Type? FeatureType = typeof(KestrelServerOptions).Assembly
        .GetType("Microsoft.AspNetCore.Server.Kestrel.Core.Internal.HttpProtocolsFeature");

    private static readonly object? Http2Feature = FeatureType?
        .GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(HttpProtocols)])?
        .Invoke([HttpProtocols.Http2]);

    /// <summary>True when this Kestrel lets a connection choose HTTP/2 without TLS.</summary>
    public static bool IsAvailable => Http2Feature is not null;

    /// <summary>
    /// Installs the sniffing middleware on an endpoint that otherwise speaks HTTP/1.1. A client that
    /// sends nothing within <paramref name="wait"/> (or before <paramref name="stopping"/>) is left to
    /// Kestrel's own HTTP/1.1 timeouts. <paramref name="enabled"/> is asked per connection (a config
    /// reload may turn HTTP/2 in cleartext on or off); when it says no, the connection is HTTP/1.1.
    /// </summary>
    public static void Use(ListenOptions listen, TimeSpan wait, Func<bool> enabled, CancellationToken stopping)
    {
        listen.Protocols = HttpProtocols.Http1;
        if (!IsAvailable)
        {
            return;
        }

        listen.Use(next => async connection =>
        {
            if (enabled() && await StartsWithPrefaceAsync(connection.Transport.Input, wait, stopping))
            {
                connection.Features[FeatureType!] = Http2Feature;
                connection.Features.Get<FirstRequestDeadline>()?.Met();
            }

            await next(connection);
        });
    }

    private static async Task<bool> StartsWithPrefaceAsync(PipeReader input, TimeSpan wait, CancellationToken stopping)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(wait);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(deadline.Token);
                var buffer = result.Buffer;
                var verdict = Compare(buffer);
                input.AdvanceTo(buffer.Start, verdict is null ? buffer.End : buffer.Start);
                if (verdict is { } known)
                {
                    return known;
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    return false;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>True or false once the bytes decide it; null while they are a strict prefix of the preface.</summary>
    private static bool? Compare(ReadOnlySequence<byte> buffer)
    {
        var length = (int)Math.Min(buffer.Length, Preface.Length);
        Span<byte> head = stackalloc byte[Preface.Length];
        buffer.Slice(0, length).CopyTo(head);
        if (!head[..length].SequenceEqual(Preface.AsSpan(0, length)))
        {
            return false;
        }

        return length == Preface.Length ? true : null;
    }
}
