using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Bodies stream through both forwarders as AILERON's stream tests expect: each server-sent event
/// and each chunk of a chunked answer reaches the client before the upstream writes the next, and
/// 10 MB octet streams pass each way unchanged (SHA-256 equal). Functional tests: a real proxy and
/// upstream on 127.0.0.1.
/// </summary>
public sealed class ResponseStreamingTests
{
    private const int OctetSize = 10_000_000;

    public static TheoryData<string, string> Pieces => Forwarders.With("text/event-stream", "text/plain");

    [Theory]
    [MemberData(nameof(Pieces))]
    public async Task Each_piece_the_upstream_writes_reaches_the_client_before_it_writes_the_next(string forwarder, string contentType)
    {
        using var next = new SemaphoreSlim(0);
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            c.Response.ContentType = contentType;
            c.Response.Headers.CacheControl = "no-cache";
            await c.Response.Body.FlushAsync();
            for (var i = 1; i <= 5; i++)
            {
                await c.Response.WriteAsync(contentType == "text/event-stream" ? $"data: {i}\n\n" : $"{i}");
                await c.Response.Body.FlushAsync();
                if (!await next.WaitAsync(Forwarders.Deadline))
                {
                    return;
                }
            }
        });
        await using var proxy = await TestProxy.OverAsync([upstream], options: Forwarders.Options(forwarder));

        using var response = await proxy.Client.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new StringBuilder();
        var buffer = new byte[1024];
        for (var i = 1; i <= 5; i++)
        {
            var expected = contentType == "text/event-stream" ? $"data: {i}\n\n" : $"{i}";
            using var deadline = new CancellationTokenSource(Forwarders.Deadline);
            while (!received.ToString().EndsWith(expected, StringComparison.Ordinal))
            {
                var read = await body.ReadAsync(buffer, deadline.Token);
                Assert.True(read > 0, $"the stream ended before piece {i}; received: {received}");
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            next.Release();
        }

        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await body.ReadAsync(buffer));
    }

    [Theory]
    [MemberData(nameof(Forwarders.Both), MemberType = typeof(Forwarders))]
    public async Task Ten_megabytes_sent_as_an_octet_stream_arrive_unchanged(string forwarder)
    {
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = await c.Request.Body.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
                total += read;
            }

            await c.Response.WriteAsync($"{total}:{Convert.ToHexString(sha.GetHashAndReset())}");
        });
        await using var proxy = await TestProxy.OverAsync([upstream], options: Forwarders.Options(forwarder));
        var data = RandomBytes(OctetSize, seed: 1);
        using var content = new StreamContent(new MemoryStream(data), 1000);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");

        using var response = await proxy.Client.PostAsync("/upload", content);

        Assert.Equal($"{OctetSize}:{Convert.ToHexString(SHA256.HashData(data))}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Forwarders.Both), MemberType = typeof(Forwarders))]
    public async Task Ten_megabytes_received_as_an_octet_stream_arrive_unchanged(string forwarder)
    {
        var data = RandomBytes(OctetSize, seed: 2);
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            c.Response.ContentType = "application/octet-stream";
            for (var at = 0; at < data.Length; at += 1000)
            {
                await c.Response.Body.WriteAsync(data.AsMemory(at, Math.Min(1000, data.Length - at)));
            }
        });
        await using var proxy = await TestProxy.OverAsync([upstream], options: Forwarders.Options(forwarder));

        using var response = await proxy.Client.GetAsync("/download", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            total += read;
        }

        Assert.Equal((OctetSize, Convert.ToHexString(SHA256.HashData(data))), (total, Convert.ToHexString(sha.GetHashAndReset())));
    }

    private static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
