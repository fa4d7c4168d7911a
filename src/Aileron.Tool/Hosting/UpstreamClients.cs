using Aileron.Configuration.Model;
using Aileron.Forwarding;
using Aileron.Forwarding.Http1;
using Aileron.Forwarding.Transport;
using Aileron.Forwarding.Yarp;
using Aileron.Observability;
using Aileron.Proxying;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Hosting;

/// <summary>
/// The clients every request to every upstream goes through, shared by all servers and kept across
/// reloads: YARP's forwarder with one pooled <see cref="HttpMessageInvoker"/>, aileron's HTTP/1.1
/// client, and the connect timeouts both honour. A reload hands over the new timeouts; retiring a
/// configuration lets go of the pools of upstreams no configuration has any more.
/// </summary>
internal sealed class UpstreamClients : IAsyncDisposable
{
    /// <summary>Used when a load balancer sets no connectTimeout (the config loader fills it in).</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly ServiceProvider _services;
    private readonly HttpMessageInvoker _invoker;
    private readonly Http1Forwarder? _http1;
    private readonly ConnectTimeouts _connectTimeouts = new(DefaultConnectTimeout);
    private readonly TimeProvider _time;

    /// <param name="http1">False sends every request through YARP.</param>
    public UpstreamClients(ProxyLog log, TimeProvider time, bool http1)
    {
        // Kestrel and YARP log through the same log, at warning and worse.
        _services = new ServiceCollection()
            .AddLogging(b => b.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(time)
            .AddHttpForwarder()
            .BuildServiceProvider();
        _time = time;
        _invoker = UpstreamClient.Create(_connectTimeouts);
        _http1 = http1 ? new Http1Forwarder(_connectTimeouts, time) : null;
        Forwarders = new UpstreamForwarders(_services.GetRequiredService<IHttpForwarder>(), _invoker, _http1);
    }

    public UpstreamForwarders Forwarders { get; }

    /// <summary>Kestrel's services and logging for the proxy's servers.</summary>
    public IServiceProvider Services => _services;

    public ILoggerFactory Loggers => _services.GetRequiredService<ILoggerFactory>();

    /// <summary>
    /// The transport of one HTTPClient: its own invoker (and HTTP/1.1 client when its settings allow
    /// and the HTTP/1.1 path is on), dialling with the shared connect timeouts. Owned by the runtime
    /// that asked for it.
    /// </summary>
    public UpstreamTransport CreateTransport(HttpClientConfig client, TimeSpan longestConnect) =>
        new(UpstreamTransportFactory.Options(client), _connectTimeouts, _time, longestConnect, _http1 is not null);

    /// <summary>Connects from now on honour <paramref name="runtime"/>'s connect timeouts.</summary>
    public void Use(ProxyRuntime runtime) => _connectTimeouts.Update(runtime.ConnectTimeouts);

    /// <summary>Keeps the HTTP/1.1 client's pools of the upstreams these configurations have, closes the rest.</summary>
    public void Retain(IEnumerable<ProxyRuntime> live) =>
        _http1?.Retain(live.SelectMany(r => r.UpstreamPrefixes).ToHashSet(StringComparer.Ordinal));

    public async ValueTask DisposeAsync()
    {
        _invoker.Dispose();
        _http1?.Dispose();
        await _services.DisposeAsync();
    }
}
