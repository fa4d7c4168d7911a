using System.Collections.Concurrent;
using System.Net;
using Aileron.Configuration;
using Aileron.Hosting;
using Aileron.Observability;
using Aileron.Reload;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Aileron.Tests.Reload;

/// <summary>
/// The CI-sized form of the reload target (the soak script runs the long one with wrk): steady
/// traffic while the config file is rewritten again and again, valid and invalid in turn, with the
/// upstream set changing each time; not one request may fail.
/// </summary>
public sealed class ReloadUnderLoadTests(ITestOutputHelper output)
{
    private const int Clients = 16;
    private const int Rewrites = 20;

    [Fact]
    public async Task Twenty_rewrites_valid_and_invalid_in_turn_under_load_lose_no_request()
    {
        var upstreams = await TestUpstream.ServersAsync(3);
        var dir = Directory.CreateTempSubdirectory("aileron-reload-load-").FullName;
        var path = Path.Combine(dir, "config.yaml");
        var lines = new LogCapture();
        await using var log = new ProxyLog(lines, LogLevel.Warning, LogFormat.Text, TimeProvider.System);
        try
        {
            File.WriteAllText(path, Valid(upstreams, 0));
            await using var proxy = await TestProxy.StartAsync(ConfigLoader.LoadFiles([path]).Config!, new ProxyHostOptions { Log = log });
            await using var reloader = new ConfigReloader([path], proxy.Host, log, debounce: TimeSpan.FromMilliseconds(50));
            var failures = new ConcurrentQueue<string>();
            var answered = 0;
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await proxy.Client.GetAsync("/");
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            failures.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        }

                        Interlocked.Increment(ref answered);
                    }
                    catch (HttpRequestException e)
                    {
                        failures.Enqueue(e.Message);
                    }
                }
            })).ToList();

            var applied = 0;
            var rejected = 0;
            for (var i = 1; i <= Rewrites; i++)
            {
                // Traffic flows between rewrites: each waits for more answers, not for a while.
                var before = Volatile.Read(ref answered);
                await Eventually.True(() => Volatile.Read(ref answered) >= before + 50, "answers between rewrites");
                File.WriteAllText(path, i % 2 == 0 ? Valid(upstreams, i) : "apiVersion: core/v1\nkind: HTTPServer\nspec: {addr: nope}\n");
                var result = await reloader.ReloadAsync("test", force: true);
                applied += result?.Applied == true ? 1 : 0;
                rejected += result is null ? 1 : 0;
            }

            var last = Volatile.Read(ref answered);
            await Eventually.True(() => Volatile.Read(ref answered) >= last + 100, "answers after the last rewrite");
            await stop.CancelAsync();
            await Task.WhenAll(load);

            output.WriteLine($"{answered} requests over {Clients} connections through {Rewrites} rewrites ({applied} applied, {rejected} rejected)");
            Assert.Empty(failures);
            Assert.Equal((10, 10), (applied, rejected));
            Assert.True(answered > 500, $"only {answered} requests were made");
            await Eventually.True(() => lines.Text.Contains("config reload rejected", StringComparison.Ordinal), "a rejection's log line");
        }
        finally
        {
            await TestUpstream.DisposeAllAsync(upstreams);
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Two of the three upstreams, a different pair for each <paramref name="step"/>.</summary>
    private static string Valid(TestUpstream[] upstreams, int step) =>
        TestConfig.Simple(TestConfig.LoadBalancer([upstreams[step % 3].Url, upstreams[(step + 1) % 3].Url]));
}
