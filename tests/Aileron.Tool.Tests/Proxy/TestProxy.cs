using Aileron.Configuration;
using Aileron.Proxy;

namespace Aileron.Tests.Proxy;

/// <summary>The proxy run in-process on an ephemeral port, with a client pointed at it.</summary>
internal sealed class TestProxy : IAsyncDisposable
{
    private TestProxy(ProxyHost host)
    {
        Host = host;
        BaseAddress = new Uri($"http://127.0.0.1:{host.Servers[0].Port}");
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
    }

    public ProxyHost Host { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public static Task<TestProxy> StartAsync(string yaml, ProxyHostOptions? options = null) =>
        StartAsync(TestConfig.Load(yaml), options);

    public static async Task<TestProxy> StartAsync(ProxyConfig config, ProxyHostOptions? options = null)
    {
        var host = new ProxyHost(config, options);
        await host.StartAsync();
        return new TestProxy(host);
    }

    /// <summary>A proxy over these upstreams with one load balancer; <paramref name="extra"/> adds its YAML lines.</summary>
    public static Task<TestProxy> OverAsync(IEnumerable<TestUpstream> upstreams, string extra = "", ProxyHostOptions? options = null) =>
        OverAsync(upstreams.Select(u => u.Url), extra, options);

    /// <summary>A proxy over these upstream URLs with one load balancer; <paramref name="extra"/> adds its YAML lines.</summary>
    public static Task<TestProxy> OverAsync(IEnumerable<string> urls, string extra = "", ProxyHostOptions? options = null) =>
        StartAsync(TestConfig.Simple(TestConfig.LoadBalancer(urls, extra)), options);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.StopAsync(new CancellationToken(canceled: true));
        await Host.DisposeAsync();
    }
}
