using Aileron.Configuration.Model;
using Aileron.Hosting.Listening;
using Aileron.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Aileron.Admin;

/// <summary>
/// The admin listener of <c>serve --admin ADDR</c>, apart from the proxy's ports: <c>GET /upstreams</c>
/// (live upstream state as JSON), <c>GET /metrics</c> (Prometheus text), <c>GET /healthz</c> (alive)
/// and <c>GET /readyz</c> (serving). Not the request hot path, so it is a plain ASP.NET minimal-API
/// app; the metrics go through OpenTelemetry's SDK and Prometheus exporter, listening to this host's
/// <see cref="ProxyMetrics"/> only.
/// </summary>
internal sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly MeterProvider _meterProvider;

    /// <param name="upstreams">The live upstreams report, built at each request.</param>
    /// <param name="notReady">Why the proxy is not ready (<c>starting</c>, <c>draining</c>), or null when it is.</param>
    public AdminServer(ListenAddress address, ProxyMetrics metrics, Func<UpstreamsReport> upstreams, Func<string?> notReady, ProxyLog log)
    {
        Address = address;
        _meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(ProxyMetrics.MeterName)
            // By name OpenTelemetry would also hear the meters of other hosts in the process (tests): only this one's count.
            .AddView(i => ReferenceEquals(i.Meter, metrics.Meter) ? null : MetricStreamConfiguration.Drop)
            .AddPrometheusExporter(o =>
            {
                // Every scrape sees the numbers of that moment; nothing here is costly to collect.
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                // One process, one meter: scope labels and target_info would only repeat the obvious on every line.
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
            })
            .Build();

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            KestrelListen.On(o, address, _ => { });
        });
        builder.Services.AddRoutingCore();
        // A failed bind is reported once, as a ListenException, not also as the host's own error line.
        builder.Logging.ClearProviders().AddProvider(log).AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        _app = builder.Build();
        _app.MapGet(AdminPaths.Liveness, () => Results.Text("ok\n"));
        _app.MapGet(AdminPaths.Readiness, () => notReady() is { } why
            ? Results.Text($"not ready: {why}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n"));
        _app.MapGet(AdminPaths.Upstreams, () => Results.Text(UpstreamsJson.Serialize(upstreams()), "application/json"));
        _app.MapPrometheusScrapingEndpoint(AdminPaths.Metrics, _meterProvider, configureBranchedPipeline: null, optionsName: null);
    }

    public ListenAddress Address { get; }

    /// <summary>The URLs bound, with the real port when the address asked for port 0.</summary>
    public IReadOnlyList<string> Urls =>
        [.. _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? []];

    /// <summary>The port bound, with the real one when the address asked for port 0.</summary>
    public int Port => Urls.Select(u => new Uri(u.Replace("[::]", "[::1]", StringComparison.Ordinal)).Port).FirstOrDefault();

    /// <summary>Binds the address; throws <see cref="ListenException"/> when it cannot.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (KestrelListen.IsBindFailure(e))
        {
            throw KestrelListen.Failure(e, Address.Text, "admin listener");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _meterProvider.Dispose();
    }
}
