using System.Net;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Hosting;

/// <summary>
/// Functional: an HTTPClient's transport is built when a config loads or reloads (reading its TLS
/// files again) and retired with the configuration that made it.
/// </summary>
public sealed class UpstreamTransportReloadTests : IDisposable
{
    private readonly UpstreamCertificates _certificates = new();
    private readonly LogCapture _lines = new();

    [Fact]
    public async Task A_reload_builds_the_clients_transport_anew_and_retires_the_old_one()
    {
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Certificate = _certificates.Server,
            Handler = context => context.Response.WriteAsync("secure"),
        });
        var wrongCa = $"httpTransportConfig: {{tlsConfig: {{rootCAs: [{_certificates.OtherCaFile}]}}}}";
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], wrongCa, _lines);
        await using var _ = log;
        await using var __ = proxy;
        using (var refused = await proxy.Client.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        }

        var old = proxy.Host.Runtime;
        var result = await proxy.Host.ReloadAsync(TestConfig.Load(ClientConfig.Yaml(
            [upstream.Url], $"httpTransportConfig: {{tlsConfig: {{rootCAs: [{_certificates.CaFile}]}}}}")));

        Assert.Null(result.Rejection);
        Assert.Equal("secure", await proxy.Client.GetStringAsync("/"));
        Assert.NotSame(old.Transports.Values.Single(), proxy.Host.Runtime.Transports.Values.Single());
        await Eventually.True(() => old.IsDisposed, "the old configuration, and its transport, to be retired");
    }

    [Fact]
    public async Task A_reload_whose_tls_file_went_away_is_rejected_and_the_old_config_serves_on()
    {
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Certificate = _certificates.Server,
            Handler = context => context.Response.WriteAsync("secure"),
        });
        var spec = $"httpTransportConfig: {{tlsConfig: {{rootCAs: [{_certificates.CaFile}]}}}}";
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], spec, _lines);
        await using var _ = log;
        await using var __ = proxy;
        var next = TestConfig.Load(ClientConfig.Yaml([upstream.Url], spec, "responseTimeout: 30s"));
        File.Delete(_certificates.CaFile);

        var result = await proxy.Host.ReloadAsync(next);

        Assert.Contains($"the new config could not be built: {_certificates.CaFile}: cannot read it", result.Rejection, StringComparison.Ordinal);
        Assert.Equal("secure", await proxy.Client.GetStringAsync("/"));
    }

    public void Dispose() => _certificates.Dispose();
}
