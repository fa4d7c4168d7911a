using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Aileron.Tests.Hosting;

/// <summary>The real CLI under SIGTERM: under load it answers every request it accepted, refuses the rest and exits 0.</summary>
public sealed class ShutdownSignalsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SIGTERM_under_load_answers_every_request_it_accepted_and_refuses_the_rest()
    {
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            await Task.Delay(20);
            await c.Response.WriteAsync("ok");
        });
        using var config = new TempConfig(TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url]), shutdownTimeout: 10));
        await using var aileron = AileronProcess.Start("serve", "-f", config.Path);
        var port = await aileron.WaitForListeningAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var answered = 0;
        var refused = 0;
        var lost = new ConcurrentQueue<string>();

        var load = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync("/");
                    if (response.StatusCode != HttpStatusCode.OK || await response.Content.ReadAsStringAsync() != "ok")
                    {
                        lost.Enqueue($"answered {(int)response.StatusCode}");
                    }

                    Interlocked.Increment(ref answered);
                }
                catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
                {
                    // Not accepted: the listener had closed. What a client of a stopping proxy may see.
                    Interlocked.Increment(ref refused);
                    return;
                }
                catch (HttpRequestException e)
                {
                    lost.Enqueue(e.InnerException?.Message ?? e.Message);
                    return;
                }
            }
        })).ToList();
        await Eventually.True(() => Volatile.Read(ref answered) > 200, "traffic to flow", 15_000);
        aileron.Signal("TERM");
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(30));

        output.WriteLine($"answered {answered}, refused {refused}, upstream saw {upstream.Requests}");
        Assert.Empty(lost);
        Assert.Equal(answered, upstream.Requests);
        Assert.Equal(32, refused);
        Assert.Equal(0, await aileron.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }
}
