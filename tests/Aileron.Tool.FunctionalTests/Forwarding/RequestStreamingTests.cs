using System.Net;
using System.Net.Sockets;
using System.Text;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// A chunked upload reaches the upstream piece by piece as the client sends it (AILERON's
/// TestStream_ChunkedRequest, with raw sockets on both sides so nothing buffers in the test).
/// Functional tests: a real proxy, a raw client socket and a raw upstream on 127.0.0.1.
/// </summary>
public sealed class RequestStreamingTests
{
    [Theory]
    [MemberData(nameof(Forwarders.Both), MemberType = typeof(Forwarders))]
    public async Task Each_piece_of_a_chunked_upload_reaches_the_upstream_before_the_next_is_sent(string forwarder)
    {
        await using var upstream = new PieceRecordingUpstream();
        await using var proxy = await TestProxy.OverAsync([upstream.Url], options: Forwarders.Options(forwarder));
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n"));

        var expected = new StringBuilder();
        for (var i = 1; i <= 5; i++)
        {
            var piece = $"piece-{i};";
            expected.Append(piece);
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{piece.Length:x}\r\n{piece}\r\n"));
            await stream.FlushAsync();
            await Eventually.True(
                () => upstream.Body == expected.ToString(),
                $"piece {i} to reach the upstream before piece {i + 1} is sent (it has: '{upstream.Body}')",
                (int)Forwarders.Deadline.TotalMilliseconds);
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = RawResponse.Parse(await reader.ReadToEndAsync().WaitAsync(Forwarders.Deadline));
        Assert.Equal((200, "ok"), (response.Status, response.Body));
        Assert.Contains("Transfer-Encoding: chunked", upstream.Head, StringComparison.OrdinalIgnoreCase);
    }
}
