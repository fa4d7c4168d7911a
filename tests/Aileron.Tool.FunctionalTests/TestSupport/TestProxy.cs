using Aileron.Configuration.Model;
using Aileron.Hosting;

namespace Aileron.Tests.TestSupport;

/// <summary>The proxy run in-process on an ephemeral port, with a client pointed at it.</summary>
internal sealed class TestProxy : IAsyncDisposable
{
    private TestProxy(ProxyHost host)
    {
        Host = host;
        BaseAddress = new Uri($"http://127.0.0.1:{host.Servers[0].Port}");
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (host.Admin is { } admin)
        {
            AdminClient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{admin.Port}") };
        }
    }

    public ProxyHost Host { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>A client of the admin listener, when the options asked for one (<see cref="WithAdmin"/>).</summary>
    public HttpClient? AdminClient { get; }

    /// <summary>Options with the admin listener on 127.0.0.1 and an ephemeral port.</summary>
    public static ProxyHostOptions WithAdmin(ProxyHostOptions? options = null) =>
        (options ?? new ProxyHostOptions()) with { Admin = Aileron.Configuration.Model.ListenAddress.TryParse("127.0.0.1:0", out var a, out _) ? a : null };

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
    public static Task<TestProxy> OverAsync(IEnumerable<string> urls, string extra = "", ProxyHostOptions? options = null, string upstreamFields = "") =>
        StartAsync(TestConfig.Simple(TestConfig.LoadBalancer(urls, extra, upstreamFields)), options);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        AdminClient?.Dispose();
        await Host.StopAsync(new CancellationToken(canceled: true));
        await Host.DisposeAsync();
    }
}
