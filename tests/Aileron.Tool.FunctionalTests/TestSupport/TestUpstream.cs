using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Aileron.Tests.TestSupport;

/// <summary>A real Kestrel upstream on 127.0.0.1 with an ephemeral port, started and stopped by a test.</summary>
internal sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StrongBox<int> _requests;

    private TestUpstream(WebApplication app, string url, StrongBox<int> requests)
    {
        _app = app;
        Url = url;
        _requests = requests;
    }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public int Port => new Uri(Url).Port;

    /// <summary>How many requests have reached this upstream.</summary>
    public int Requests => Volatile.Read(ref _requests.Value);

    /// <param name="port">0 for an ephemeral port; a known one to bring a stopped upstream back where it was.</param>
    /// <param name="address">The loopback address to listen on: 127.0.0.1, another of 127.0.0.0/8, or [::1].</param>
    public static async Task<TestUpstream> StartAsync(RequestDelegate handler, Action<WebApplication>? configure = null, int port = 0, string address = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{address}:{port}");
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        configure?.Invoke(app);
        var requests = new StrongBox<int>();
        app.Run(c =>
        {
            Interlocked.Increment(ref requests.Value);
            return handler(c);
        });
        await app.StartAsync();
        return new TestUpstream(app, app.Urls.Single(), requests);
    }

    /// <summary>An upstream that answers every request with <paramref name="body"/>.</summary>
    public static Task<TestUpstream> AnsweringAsync(string body, int port = 0) => StartAsync(c => c.Response.WriteAsync(body), port: port);

    /// <summary>
    /// An upstream that answers <paramref name="body"/> after <paramref name="delay"/>;
    /// <paramref name="received"/> completes when the first request arrives.
    /// </summary>
    public static Task<TestUpstream> SlowAsync(TimeSpan delay, string body, TaskCompletionSource received) => StartAsync(async c =>
    {
        received.TrySetResult();
        await Task.Delay(delay);
        await c.Response.WriteAsync(body);
    });

    /// <summary>
    /// An upstream that reads each request body to the end and answers <paramref name="body"/>;
    /// <paramref name="broken"/> completes when a body cannot be read to the end (cut or malformed).
    /// </summary>
    public static Task<TestUpstream> BodyReadingAsync(string body, TaskCompletionSource broken) => StartAsync(async c =>
    {
        try
        {
            await c.Request.Body.CopyToAsync(Stream.Null, c.RequestAborted);
            await c.Response.WriteAsync(body);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or BadHttpRequestException)
        {
            broken.TrySetResult();
        }
    });

    /// <summary>Several upstreams, upstream i answering "Server :i" (1-based), like the reference scenario's.</summary>
    public static async Task<TestUpstream[]> ServersAsync(int count) =>
        await Task.WhenAll(Enumerable.Range(1, count).Select(i => AnsweringAsync($"Server :{i}")));

    public static async Task DisposeAllAsync(IEnumerable<TestUpstream> upstreams)
    {
        foreach (var upstream in upstreams)
        {
            await upstream.DisposeAsync();
        }
    }

    /// <summary>Echoes what the upstream received as JSON-ish lines: method, path+query, and the given headers.</summary>
    public static Task<TestUpstream> EchoAsync() => StartAsync(async c =>
    {
        var r = c.Request;
        await c.Response.WriteAsync(
            $"{r.Method} {r.Path}{r.QueryString}\n"
            + $"raw={c.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget}\n"
            + $"host={r.Headers.Host}\n"
            + $"xff={r.Headers["X-Forwarded-For"]}\n"
            + $"xfp={r.Headers["X-Forwarded-Proto"]}\n"
            + $"xfh={r.Headers["X-Forwarded-Host"]}\n"
            + $"custom={r.Headers["X-Custom"]}\n");
    });

    public async ValueTask DisposeAsync()
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(quick.Token);
        await _app.DisposeAsync();
    }
}
