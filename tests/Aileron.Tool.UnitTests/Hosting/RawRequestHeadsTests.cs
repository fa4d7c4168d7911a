using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Aileron.Hosting;

namespace Aileron.Tests.Hosting;

/// <summary>
/// The reader in front of Kestrel's parser, fed bytes through a pipe as a connection would be: it
/// spoils signed Content-Lengths for Kestrel to refuse, follows each request's framing to find the
/// next head, and says which names the running request's Connection header listed.
/// </summary>
public sealed class RawRequestHeadsTests
{
    [Theory]
    [InlineData("+5", "x5")]
    [InlineData("-0", "x0")]
    [InlineData(" \t+0", " \tx0")]
    public async Task A_signed_content_length_reaches_the_parser_spoiled(string length, string spoiled)
    {
        var seen = await ReadAllAsync($"POST / HTTP/1.1\r\nHost: a\r\nContent-Length:{length}\r\n\r\nhello");

        Assert.Equal($"POST / HTTP/1.1\r\nHost: a\r\nContent-Length:{spoiled}\r\n\r\nhello", seen);
    }

    [Fact]
    public async Task Plain_lengths_and_everything_else_pass_untouched()
    {
        const string Requests = "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\nContent-Length: +3\r\n"
            + "GET /b HTTP/1.1\r\nHost: a\r\nX-Sign: -0\r\n\r\n";

        Assert.Equal(Requests, await ReadAllAsync(Requests));
    }

    [Fact]
    public async Task A_signed_length_after_a_chunked_body_is_still_found()
    {
        var seen = await ReadAllAsync(
            "POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=1\r\nhello\r\n3\r\n+5\n\r\n0\r\nT: v\r\n\r\n"
            + "POST /b HTTP/1.1\r\nContent-Length: +1\r\n\r\nx");

        Assert.Contains("3\r\n+5\n\r\n", seen);
        Assert.Contains("Content-Length: x1", seen);
    }

    [Fact]
    public async Task Bytes_after_an_upgrade_are_not_read_as_requests()
    {
        const string Requests = "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
            + "GET /x HTTP/1.1\r\nContent-Length: +1\r\n\r\n";

        Assert.Equal(Requests, await ReadAllAsync(Requests));
    }

    [Fact]
    public async Task Bytes_trickled_one_at_a_time_are_read_the_same()
    {
        var seen = await ReadAllAsync("GET / HTTP/1.1\r\nHost: a\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: -0\r\n\r\n", pieceSize: 1);

        Assert.Contains("Content-Length: x0", seen);
    }

    [Fact]
    public async Task The_listed_names_are_those_of_the_head_the_parser_took_last()
    {
        var pipe = new Pipe();
        var heads = RawRequestHeads.Over(pipe.Reader);
        await pipe.Writer.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /a HTTP/1.1\r\nConnection: keep-alive, X-Secret\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\nGET /c HTTP/1.1\r\nConnection: X-A,X-B\r\n\r\n"));

        var read = await heads.ReadAsync();
        Assert.Null(heads.CurrentListed);

        var listed = new List<List<string>?>();
        for (var i = 0; i < 3; i++)
        {
            // Kestrel takes one head at a time, then runs its request.
            var text = Encoding.ASCII.GetString(read.Buffer.ToArray());
            heads.AdvanceTo(read.Buffer.GetPosition(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4));
            listed.Add(heads.CurrentListed);
            if (i < 2)
            {
                Assert.True(heads.TryRead(out read));
            }
        }

        Assert.Equal(["X-Secret"], listed[0]);
        Assert.Null(listed[1]);
        Assert.Equal(["X-A", "X-B"], listed[2]);
    }

    /// <summary>
    /// What Kestrel's parser would see of <paramref name="bytes"/>, written in pieces of
    /// <paramref name="pieceSize"/>: like the parser, the reader consumes nothing until all is in.
    /// </summary>
    private static async Task<string> ReadAllAsync(string bytes, int pieceSize = int.MaxValue)
    {
        var pipe = new Pipe();
        var heads = RawRequestHeads.Over(pipe.Reader);
        var input = Encoding.ASCII.GetBytes(bytes);
        ReadResult read = default;
        for (var at = 0; at < input.Length; at += pieceSize)
        {
            await pipe.Writer.WriteAsync(input.AsMemory(at, Math.Min(pieceSize, input.Length - at)));
            read = await heads.ReadAsync();
            if (at + pieceSize < input.Length)
            {
                heads.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }

        var seen = Encoding.ASCII.GetString(read.Buffer.ToArray());
        heads.AdvanceTo(read.Buffer.End);
        return seen;
    }
}
