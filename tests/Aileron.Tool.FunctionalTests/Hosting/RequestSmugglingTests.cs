using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>
/// Requests whose body framing a client made ambiguous so that two servers would read them
/// differently (CL.TE, TE.CL, an obfuscated Transfer-Encoding, repeated Content-Length): each is
/// refused with 400, or forwarded as exactly one request framed one way only; the upstream never
/// reads a request head the client did not get an answer for. The upstream frames bodies as RFC 9112
/// says, so bytes the proxy forwarded as body stay body.
/// </summary>
public sealed class RequestSmugglingTests
{
    private const string Smuggled = "GET /smuggled HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n";

    /// <summary>The smuggled request as the data of one chunk, then the last chunk.</summary>
    private static readonly string InChunk = $"{Smuggled.Length:x}\r\n{Smuggled}\r\n0\r\n\r\n";

    /// <summary>Name → (framing header lines, body, the body the upstream must get if the request is forwarded; null: any one framing).</summary>
    private static readonly Dictionary<string, (string Headers, string Body, string? Forwarded)> Attempts = new()
    {
        ["CL.TE"] = ("Content-Length: 6\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + Smuggled, string.Empty),
        ["TE.CL"] = ("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", InChunk, Smuggled),
        ["TE xchunked"] = ("Content-Length: 4\r\nTransfer-Encoding: xchunked\r\n", InChunk, null),
        ["TE space before colon"] = ("Content-Length: 4\r\nTransfer-Encoding : chunked\r\n", InChunk, null),
        ["TE chunked, identity"] = ("Content-Length: 4\r\nTransfer-Encoding: chunked, identity\r\n", InChunk, null),
        ["TE twice, last not chunked"] = ("Content-Length: 4\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n", InChunk, null),
        ["TE tab before value"] = ("Content-Length: 4\r\nTransfer-Encoding:\tchunked\r\n", InChunk, Smuggled),
        ["TE upper case"] = ("Content-Length: 4\r\ntransfer-encoding: CHUNKED\r\n", InChunk, Smuggled),
        ["TE folded onto another header"] = ("Content-Length: 4\r\nX-Folded: a\r\n\tTransfer-Encoding: chunked\r\n", InChunk, null),
        ["TE tab before name"] = ("\tTransfer-Encoding: chunked\r\nContent-Length: 4\r\n", InChunk, null),
        ["CL twice, different"] = ($"Content-Length: 4\r\nContent-Length: {4 + Smuggled.Length}\r\n", "abcd" + Smuggled, null),
        ["CL list, different"] = ($"Content-Length: 4, {4 + Smuggled.Length}\r\n", "abcd" + Smuggled, null),
        ["CL twice, equal"] = ("Content-Length: 4\r\nContent-Length: 4\r\n", "abcd" + Smuggled, "abcd"),
    };

    public static TheoryData<string, string> Cases => Forwarders.With([.. Attempts.Keys]);

    public static TheoryData<string, string> SignedLengths => Forwarders.With("+5", "-0", "+0", "0x5", "5e0");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_ambiguously_framed_request_is_refused_or_forwarded_as_exactly_one_request(string forwarder, string attempt)
    {
        var (headers, body, forwarded) = Attempts[attempt];
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        var raw = await RawConnection.ExchangeAsync(proxy.BaseAddress.Port, $"POST /first HTTP/1.1\r\nHost: a\r\nConnection: close\r\n{headers}\r\n{body}");
        var answers = RawResponse.ParseAll(raw);
        Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, "/next"), "/next");

        Assert.True(answers.Count > 0, "the client got no answer");
        Assert.All(answers, a => Assert.True(
            a.Status is 400 or 501 || (a.Status == 200 && a.Complete && a.Body.StartsWith("path=", StringComparison.Ordinal)),
            $"the client was answered:\n{raw}"));
        var answered = answers.Where(a => a.Status == 200).Select(a => a.Body["path=".Length..]).Order().ToList();
        var seen = upstream.Requests.Where(r => r.Target != "/next").ToList();
        Assert.True(
            answered.SequenceEqual(seen.Select(r => r.Target).Order()),
            $"the upstream read {seen.Count} request heads ({string.Join(", ", seen.Select(r => r.Target))}) "
            + $"for {answered.Count} answers the client got ({string.Join(", ", answered)}):\n{raw}");
        foreach (var request in seen)
        {
            Assert.False(
                request.Header("Content-Length").Count > 0 && request.Header("Transfer-Encoding").Count > 0,
                $"the upstream got a request framed two ways:\n{request.Head}");
            if (forwarded is not null)
            {
                Assert.Equal(forwarded, request.Body);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SignedLengths))]
    public async Task A_content_length_that_is_not_only_digits_gets_400_and_reaches_no_upstream(string forwarder, string length)
    {
        await using var upstream = ScriptedUpstream.Start(r => r.AnswerOwnAsync());
        await using var proxy = await Forwarders.StartAsync(upstream, forwarder);

        var response = await Forwarders.SendAsync(proxy, Forwarders.Request("POST", "/first", $"Content-Length: {length}\r\n", "hello"));
        Forwarders.AssertOwn(await Forwarders.GetAsync(proxy, "/next"), "/next");

        Assert.True(response.Status == 400, $"Content-Length: {length} was answered:\n{response}");
        Assert.DoesNotContain(upstream.Requests, r => r.Target == "/first");
    }
}
