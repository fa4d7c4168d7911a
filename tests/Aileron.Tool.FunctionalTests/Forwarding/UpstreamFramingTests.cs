using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Responses whose framing is ambiguous, broken or cut short (RFC 9112 6 and 7): each is relayed
/// framed the one way RFC 9112 allows, refused with a 502, or (once the answer has started) ends
/// in a cut client connection, never in a response that looks complete; and the next well-behaved
/// request, on a new client connection, gets its own answer.
/// </summary>
public sealed class UpstreamFramingTests
{
    /// <summary>Bounds how long a proxy that waits for a body the upstream never sends can hold a test.</summary>
    private const string Timeouts = "responseTimeout: 3s";

    public static TheoryData<string> Both => Forwarders.Both;

    public static TheoryData<string, string> Refused => Forwarders.With(
        "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nContent-Length: 3\r\n\r\npath=/hostile",
        "HTTP/1.1 200 OK\r\nContent-Length: 13, 3\r\n\r\npath=/hostile",
        "HTTP/1.1 200 OK\r\nContent-Length: +13\r\n\r\npath=/hostile",
        "HTTP/1.1 200 OK\r\nContent-Length: -13\r\n\r\npath=/hostile",
        "HTTP/1.1 200 OK\r\nContent-Length: 0x0d\r\n\r\npath=/hostile",
        "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Le");

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_response_without_one_valid_framing_is_a_502(string forwarder, string answer)
    {
        // The upstream closes after it, so a proxy that reads such a body to the close shows it at once.
        await using var upstream = Hostile(answer, close: true);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder, Timeouts);

        var response = await Forwarders.GetAsync(proxy, "/hostile");

        Assert.True(response.Status == 502, $"GET /hostile was answered:\n{response}");
        await AssertServingAsync(proxy);
    }

    public static TheoryData<string, string> BrokenChunkSizes => Forwarders.With(
        "zz", "-d", "+d", "0x0d", "FFFFFFFFFFFFFFFFFF", "1000000000000000d", "d d", "3");

    [Theory]
    [MemberData(nameof(BrokenChunkSizes))]
    public async Task A_broken_chunk_is_a_502_or_a_cut_connection_never_a_complete_response_or_a_desync(string forwarder, string size)
    {
        // 1000000000000000d is 2^64 + 13: a size parser that silently overflows reads a 13-byte chunk.
        // 3 is a chunk shorter than the data that follows it.
        await using var upstream = Hostile($"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n{size}\r\npath=/hostile\r\n0\r\n\r\n", close: false);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder, Timeouts);

        var response = await Forwarders.GetAsync(proxy, "/hostile");

        AssertRefusedOrCut(response);
        await AssertServingAsync(proxy);
    }

    public static TheoryData<string, string> CutShort => Forwarders.With(
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npath=/hostile",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nd\r\npath=/hostile\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nd\r\npath=/hostile\r\n0",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nd\r\npath=/hostile\r\n0\r\nX-Trailer: t\r\n");

    [Theory]
    [MemberData(nameof(CutShort))]
    public async Task A_body_the_upstream_closes_in_the_middle_of_cuts_the_client_connection(string forwarder, string answer)
    {
        await using var upstream = Hostile(answer, close: true);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder, Timeouts);

        var response = await Forwarders.GetAsync(proxy, "/hostile");

        AssertRefusedOrCut(response);
        await AssertServingAsync(proxy);
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task A_response_with_content_length_and_chunked_is_a_502_as_nginx_answers_and_its_connection_not_reused(string forwarder)
    {
        // RFC 9112 6.3: two framings "ought to be handled as an error"; nginx answers 502.
        await using var upstream = Hostile("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nd\r\npath=/hostile\r\n0\r\n\r\n", close: false);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder, Timeouts);

        var response = await Forwarders.GetAsync(proxy, "/hostile");

        Assert.Equal(502, response.Status);
        await AssertServingAsync(proxy);
        if (forwarder == "http1")
        {
            // HttpClient keeps a connection whose answer it read whole, whatever aileron made of it;
            // its own checks for bytes left over or sent unasked keep the next answer's framing.
            var hostile = Assert.Single(upstream.Requests, r => r.Target == "/hostile").Connection;
            Assert.True(
                upstream.Requests.Where(r => r.Target != "/hostile").All(r => r.Connection != hostile),
                "a later request went out on the connection of the answer with both Content-Length and Transfer-Encoding");
        }
    }

    /// <summary>Header lines a lenient parser reads as framing and a strict one as something else (or not at all).</summary>
    public static TheoryData<string, string> AmbiguousHeaders => Forwarders.With(
        "Transfer-Encoding : chunked\r\nContent-Length: 13\r\n",
        "X-Folded: a\r\n Transfer-Encoding: chunked\r\nContent-Length: 13\r\n",
        "Content-Length: 13\r\nX-Split: a\rTransfer-Encoding: chunked\r\n",
        "Content-Length: 13\r\nX-Split: a\rSet-Cookie: evil=1\r\n");

    [Theory]
    [MemberData(nameof(AmbiguousHeaders))]
    public async Task Header_lines_that_hide_framing_are_refused_or_read_one_way_and_never_desync(string forwarder, string headers)
    {
        await using var upstream = Hostile($"HTTP/1.1 200 OK\r\n{headers}\r\npath=/hostile", close: false);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder, Timeouts);

        var response = await Forwarders.GetAsync(proxy, "/hostile");

        if (response.Status == 200 && response.Complete)
        {
            Forwarders.AssertOwn(response, "/hostile");
            Assert.True(!response.Has("Set-Cookie") && !response.Raw.Contains('\r' + "Set-Cookie", StringComparison.Ordinal), $"a header hidden behind a bare CR reached the client:\n{response}");
        }
        else
        {
            AssertRefusedOrCut(response);
        }

        await AssertServingAsync(proxy);
    }

    public static TheoryData<string, string> EqualLengths => Forwarders.With(
        "Content-Length: 13\r\nContent-Length: 13\r\n",
        "Content-Length: 13, 13\r\n");

    [Theory]
    [MemberData(nameof(EqualLengths))]
    public async Task Repeated_equal_content_lengths_are_relayed_or_refused_but_never_desync(string forwarder, string lengths)
    {
        await using var upstream = Hostile($"HTTP/1.1 200 OK\r\n{lengths}\r\npath=/hostile", close: false);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder, Timeouts);

        var response = await Forwarders.GetAsync(proxy, "/hostile");

        if (response.Status != 502)
        {
            Forwarders.AssertOwn(response, "/hostile");
        }

        await AssertServingAsync(proxy);
    }

    [Theory]
    [MemberData(nameof(Both))]
    public async Task Chunk_extensions_and_trailer_fields_are_read_past(string forwarder)
    {
        await using var upstream = Hostile(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
            + "5;name=\"v;x\"\r\npath=\r\n8;a=1;b\r\n/hostile\r\n0;last=1\r\nX-Sum: 13\r\nX-Other: 2\r\n\r\n",
            close: false);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder, Timeouts);

        Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, "/hostile"), "/hostile");
        await AssertServingAsync(proxy);
    }

    public static TheoryData<string, string> Interims => Forwarders.With(
        "HTTP/1.1 100 Continue\r\n\r\n",
        "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n",
        // A 1xx has no body, whatever its headers say: a proxy that reads 5 bytes here loses "HTTP/".
        "HTTP/1.1 102 Processing\r\nContent-Length: 5\r\n\r\n");

    [Theory]
    [MemberData(nameof(Interims))]
    public async Task Interim_responses_before_the_final_one_leave_the_client_its_own_answer(string forwarder, string interim)
    {
        await using var upstream = Hostile(interim + ScriptedUpstream.OwnAnswer("/hostile"), close: false);
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder, Timeouts);

        Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, "/hostile"), "/hostile");
        await AssertServingAsync(proxy);
    }

    /// <summary>Answers <c>/hostile</c> with <paramref name="answer"/> (then closes, or keeps the connection), anything else with its own answer.</summary>
    private static ScriptedUpstream Hostile(string answer, bool close) => ScriptedUpstream.Start(async r =>
    {
        if (r.Target != "/hostile")
        {
            await r.AnswerOwnAsync();
            return;
        }

        await r.WriteAsync(answer);
        if (close)
        {
            r.Close();
        }
    });

    /// <summary>A 502 before anything was relayed, or a response the client can see was cut off; never one that looks whole.</summary>
    private static void AssertRefusedOrCut(RawResponse response) =>
        Assert.True(
            response.Status == 502 || (response.Status == 200 && !response.Complete),
            $"GET /hostile was answered with what looks like a whole response:\n{response}");

    /// <summary>Well-behaved requests after the hostile one, each on a client connection of its own, get their own answers.</summary>
    private static async Task AssertServingAsync(TestProxy proxy)
    {
        foreach (var target in (string[])["/next", "/after"])
        {
            Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, target), target);
        }
    }
}
