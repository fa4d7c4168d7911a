using System.Net;
using System.Text;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Forwarding.Http1;

/// <summary>
/// Request bodies over aileron's own HTTP/1.1 client: framed by Content-Length or chunked anew, sent
/// while the response is read, and a connection reused only when the whole body went. Upstreams are
/// raw sockets, so every byte they read and send is the test's to check.
/// </summary>
public sealed class Http1UploadTests
{
    [Fact]
    public async Task A_body_with_a_content_length_goes_over_the_http1_client_and_its_connection_is_kept()
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);

        for (var i = 0; i < 3; i++)
        {
            using var response = await proxy.Client.PostAsync($"/p{i}", new ByteArrayContent(Encoding.ASCII.GetBytes($"body {i}")));
            Assert.Equal($"path=/p{i}", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(["body 0", "body 1", "body 2"], upstream.Requests.Select(r => r.Body));
        Assert.All(upstream.Requests, r => Assert.Equal(["6"], r.Header("Content-Length")));
        Assert.Equal(1, upstream.Connections);
        Assert.Equal(1, proxy.Host.Clients.Forwarders.Http1!.PoolOf(upstream.Url).IdleCount);
    }

    [Fact]
    public async Task A_chunked_upload_is_chunked_anew_to_the_upstream_and_arrives_whole()
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);
        var piece = new string('x', 33_000);

        using var response = await proxy.Client.PostAsync("/up", new PieceContent(piece, 3));

        Assert.Equal("path=/up", await response.Content.ReadAsStringAsync());
        var request = Assert.Single(upstream.Requests);
        Assert.Equal(["chunked"], request.Header("Transfer-Encoding"));
        Assert.Empty(request.Header("Content-Length"));
        Assert.Equal(piece + piece + piece, request.Body);
        Assert.Equal(1, proxy.Host.Clients.Forwarders.Http1!.PoolOf(upstream.Url).IdleCount);
    }

    [Fact]
    public async Task An_answer_before_the_whole_body_ends_the_upload_and_the_connection_is_not_reused()
    {
        // /big is refused at its head; the upstream then waits for the rest of its body, keeping the connection.
        await using var upstream = ScriptedUpstream.Start(r =>
            r.Target == "/big" ? r.WriteAsync("HTTP/1.1 413 Content Too Large\r\nContent-Length: 3\r\n\r\nno!") : r.AnswerOwnAsync());
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);
        using var client = await RawConnection.OpenAsync(proxy.BaseAddress.Port);

        // The first piece of a chunked upload whose end never comes.
        await client.SendAsync("POST /big HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\npiece\r\n");
        var response = await client.ReadResponseAsync();

        Assert.Equal((413, "no!"), (response.Status, response.Body));
        await Eventually.True(() => upstream.HasEnded(1), "the upstream connection left mid-request to be closed");
        Assert.Equal("path=/next", await proxy.Client.GetStringAsync("/next"));
        Assert.Equal(2, upstream.Connections);
    }

    [Fact]
    public async Task An_upstream_that_answers_as_it_reads_gets_the_whole_body_and_the_client_the_whole_answer()
    {
        // The upstream answers each piece as it reads it: the upload and the answer run together.
        await using var upstream = ScriptedUpstream.Start(async r =>
        {
            await r.WriteAsync("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            var body = await r.ReadBodyAsync();
            await r.WriteAsync($"{body.Length:x}\r\n{body}\r\n0\r\n\r\n");
        });
        await using var proxy = await TestProxy.OverAsync([upstream.Url]);
        var sent = new string('y', 300_000);

        using var response = await proxy.Client.PostAsync("/echo", new ByteArrayContent(Encoding.ASCII.GetBytes(sent)));

        Assert.Equal(sent, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A body written in pieces of <paramref name="piece"/>, <paramref name="count"/> times, flushed each time: sent chunked.</summary>
    private sealed class PieceContent(string piece, int count) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = Encoding.ASCII.GetBytes(piece);
            for (var i = 0; i < count; i++)
            {
                await stream.WriteAsync(bytes);
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
