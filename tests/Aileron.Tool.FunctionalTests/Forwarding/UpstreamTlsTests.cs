using System.Net;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Functional: https:// upstreams through an HTTPClient's tlsConfig, against a Kestrel upstream
/// whose certificate a CA made in the test issued: trusted only through rootCAs, the name asked for
/// and checked (serverName), mutual TLS, TLS versions, and the clear 502 and log line when the
/// certificate is not trusted.
/// </summary>
public sealed class UpstreamTlsTests : IDisposable
{
    private readonly UpstreamCertificates _certificates = new();
    private readonly LogCapture _lines = new();

    [Fact]
    public async Task An_https_upstream_is_trusted_through_rootCAs()
    {
        await using var upstream = await TlsUpstreamAsync();
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], Tls($"rootCAs: [{_certificates.CaFile}]"), _lines);
        await using var _ = log;
        await using var __ = proxy;

        Assert.Equal("secure protocol=Tls13", await proxy.Client.GetStringAsync("/"));
        await Eventually.True(
            () => _lines.Text.Contains("upstream client client=default/default protocol=http/1.1 tls=rootCAs", StringComparison.Ordinal), "the client's log line");
    }

    [Theory]
    [InlineData("no HTTPClient")]
    [InlineData("another CA")]
    public async Task An_upstream_whose_certificate_is_not_trusted_gets_502_and_a_log_line_naming_the_certificate_problem(string trust)
    {
        await using var upstream = await TlsUpstreamAsync();
        var spec = trust == "another CA" ? Tls($"rootCAs: [{_certificates.OtherCaFile}]") : "retryConfig: {maxRetry: 0}";
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], spec, _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await Eventually.True(() => _lines.Text.Contains("upstream request failed", StringComparison.Ordinal), "the failure's log line");
        Assert.Matches("upstream request failed .*error=\"The remote certificate is invalid .*(UntrustedRoot|PartialChain)", _lines.Text);
    }

    [Fact]
    public async Task ServerName_is_sent_as_SNI_checked_against_the_certificate_and_becomes_the_Host()
    {
        await using var upstream = await TlsUpstreamAsync(echoHost: true);
        var (proxy, log) = await ClientProxy.StartAsync(
            [upstream.Url], Tls($"rootCAs: [{_certificates.CaFile}]\nserverName: {UpstreamCertificates.ServerName}"), _lines);
        await using var _ = log;
        await using var __ = proxy;

        Assert.Equal(
            $"secure protocol=Tls13 host={UpstreamCertificates.ServerName}:{upstream.Port}",
            await proxy.Client.GetStringAsync("/"));
        Assert.Equal(UpstreamCertificates.ServerName, upstream.ServerName);
    }

    [Fact]
    public async Task A_serverName_the_certificate_does_not_name_is_refused_with_502()
    {
        await using var upstream = await TlsUpstreamAsync();
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], Tls($"rootCAs: [{_certificates.CaFile}]\nserverName: elsewhere.test"), _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        await Eventually.True(() => _lines.Text.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal), "the name mismatch in the log");
    }

    [Fact]
    public async Task With_certKeyPairs_the_proxy_authenticates_to_an_upstream_that_requires_a_client_certificate()
    {
        await using var upstream = await TlsUpstreamAsync(requireClientCertificate: true);
        var pair = $"certKeyPairs: [{{certFile: {_certificates.ClientFile}, keyFile: {_certificates.ClientKeyFile}}}]";
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url, upstream.Url], Tls($"rootCAs: [{_certificates.CaFile}]\n{pair}"), _lines);
        await using var _ = log;
        await using var __ = proxy;

        Assert.Equal("client=CN=aileron proxy", await proxy.Client.GetStringAsync("/who"));
    }

    [Fact]
    public async Task Without_a_client_certificate_an_upstream_that_requires_one_is_not_reached()
    {
        await using var upstream = await TlsUpstreamAsync(requireClientCertificate: true);
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], Tls($"rootCAs: [{_certificates.CaFile}]"), _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.GetAsync("/who");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task MaxVersion_771_keeps_the_connection_on_TLS_1_2()
    {
        await using var upstream = await TlsUpstreamAsync();
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], Tls($"rootCAs: [{_certificates.CaFile}]\nmaxVersion: 771"), _lines);
        await using var _ = log;
        await using var __ = proxy;

        Assert.Equal("secure protocol=Tls12", await proxy.Client.GetStringAsync("/"));
    }

    [Theory]
    [InlineData("httpTransportConfig:\n  allowHTTP2: true\n  tlsConfig:", "HTTP/2")]
    [InlineData("httpTransportConfig:\n  tlsConfig:", "HTTP/1.1")]
    [InlineData("http2TransportConfig:\n  tlsConfig:", "HTTP/2")]
    public async Task The_transport_decides_the_http_version_spoken_to_an_upstream_that_offers_both(string transport, string protocol)
    {
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Certificate = _certificates.Server,
            Handler = context => context.Response.WriteAsync(context.Request.Protocol),
        });
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], $"{transport}\n    rootCAs: [{_certificates.CaFile}]", _lines);
        await using var _ = log;
        await using var __ = proxy;

        Assert.Equal(protocol, await proxy.Client.GetStringAsync("/"));
    }

    [Theory]
    [InlineData("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", HttpStatusCode.OK)]
    [InlineData("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", HttpStatusCode.BadGateway)]
    public async Task TlsCipher_limits_the_TLS_1_2_suites_offered(string suite, HttpStatusCode expected)
    {
        // The upstream's key is ECDSA: an RSA-only suite list leaves nothing both sides can use.
        await using var upstream = await TlsUpstreamAsync();
        var (proxy, log) = await ClientProxy.StartAsync(
            [upstream.Url], Tls($"rootCAs: [{_certificates.CaFile}]\nmaxVersion: 771\ntlsCipher: [{suite}]"), _lines);
        await using var _ = log;
        await using var __ = proxy;

        using var response = await proxy.Client.GetAsync("/");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task InsecureSkipVerify_accepts_any_certificate_and_is_warned_about_at_start()
    {
        await using var upstream = await TlsUpstreamAsync();
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], Tls("insecureSkipVerify: true"), _lines);
        await using var _ = log;
        await using var __ = proxy;

        Assert.Equal("secure protocol=Tls13", await proxy.Client.GetStringAsync("/"));
        await Eventually.True(
            () => _lines.Text.Contains("warn  insecureSkipVerify: upstream certificates are NOT checked", StringComparison.Ordinal), "the warning");
    }

    [Fact]
    public async Task Active_health_checks_of_an_https_upstream_go_through_the_clients_tls()
    {
        await using var upstream = await TlsUpstreamAsync(requireClientCertificate: true);
        var pair = $"certKeyPairs: [{{certFile: {_certificates.ClientFile}, keyFile: {_certificates.ClientKeyFile}}}]";
        var yaml = ClientConfig.Yaml([upstream.Url], Tls($"rootCAs: [{_certificates.CaFile}]\n{pair}"))
            .Replace($"- url: {upstream.Url}", $"- {{url: {upstream.Url}, enableActive: true, healthCheckInterval: 1}}", StringComparison.Ordinal);
        await using var proxy = await TestProxy.StartAsync(yaml);

        await Eventually.True(
            () => proxy.Host.Runtime.Report().LoadBalancers[0].Upstreams[0].Health?.LastProbe is { IsUp: true },
            "an active probe to pass with the client certificate and the private CA", 10_000);
    }

    [Fact]
    public async Task Upstreams_probe_goes_through_the_clients_tls()
    {
        await using var upstream = await TlsUpstreamAsync();
        // A first TLS handshake on a busy machine can take a while: the probe's timeout is not what this tests.
        var config = TestConfig.Load(ClientConfig.Yaml([upstream.Url], Tls($"rootCAs: [{_certificates.CaFile}]\nserverName: {UpstreamCertificates.ServerName}"))
            .Replace($"- url: {upstream.Url}", $"- {{url: {upstream.Url}, healthCheckTimeout: 30s}}", StringComparison.Ordinal));
        using var transport = new Aileron.Forwarding.Transport.UpstreamTransport(
            Aileron.Hosting.UpstreamTransportFactory.Options(config.LoadBalancers[0].Client!),
            new Aileron.Forwarding.ConnectTimeouts(TimeSpan.FromSeconds(5)), TimeProvider.System, TimeSpan.FromSeconds(5), http1: false);
        using var probe = new Aileron.Health.HealthProbe();

        var report = await Aileron.Admin.UpstreamsReportBuilder.ProbeAsync(config, probe, CancellationToken.None, _ => transport);
        Assert.Equal("HTTP 200", report.LoadBalancers[0].Upstreams[0].Probe!.Detail);
        Assert.Equal(UpstreamCertificates.ServerName, upstream.ServerName);

        var plain = await Aileron.Admin.UpstreamsReportBuilder.ProbeAsync(config, probe, CancellationToken.None);
        Assert.Equal("TLS handshake failed", plain.LoadBalancers[0].Upstreams[0].Probe!.Detail);
    }

    public void Dispose() => _certificates.Dispose();

    private static string Tls(string fields) => "httpTransportConfig:\n  tlsConfig:\n" + TestConfig.Indent(fields, 4);

    private Task<KestrelUpstream> TlsUpstreamAsync(bool requireClientCertificate = false, bool echoHost = false) =>
        KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Certificate = _certificates.Server,
            ClientCertificates = requireClientCertificate ? _certificates : null,
            Handler = context =>
            {
                if (context.Request.Path == "/who")
                {
                    return context.Response.WriteAsync($"client={context.Connection.ClientCertificate?.Subject}");
                }

                var tls = context.Features.Get<ITlsHandshakeFeature>()!;
                return context.Response.WriteAsync(
                    $"secure protocol={tls.Protocol}" + (echoHost ? $" host={context.Request.Host}" : string.Empty));
            },
        });
}
