using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Aileron.Configuration.Model;
using Aileron.Configuration.Validation;
using Aileron.Hosting;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>Unit: how an HTTPClient's fields become its transport's settings.</summary>
public sealed class UpstreamTransportFactoryTests
{
    private static HttpClientConfig Client(string spec, string url = "http://127.0.0.1:8080")
    {
        var result = TestYaml.Load(ClientConfig.Yaml([url], spec));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Config!.LoadBalancers[0].Client!;
    }

    [Fact]
    public void Milliseconds_become_durations_and_zero_means_not_set()
    {
        var options = UpstreamTransportFactory.Options(Client(
            "httpTransportConfig: {idleConnTimeout: 1500, responseHeaderTimeout: 0, maxConnsPerHost: 4, maxIdleConnsPerHost: 2, disableKeepAlives: true}"));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.IdleTimeout);
        Assert.Null(options.ResponseHeaderTimeout);
        Assert.Equal((4, 2, true), (options.MaxConnectionsPerHost, options.MaxIdlePerHost, options.DisableKeepAlives));
        Assert.False(options.Http1Capable);
    }

    [Theory]
    [InlineData("httpTransportConfig: {idleConnTimeout: 1000, disableKeepAlives: true, dialConfig: {timeout: 100}}", true)]
    [InlineData("retryConfig: {maxRetry: 2}", true)]
    [InlineData("retryConfig: {maxRetry: 2, retryStatusCodes: [503]}", false)]
    [InlineData("httpTransportConfig: {responseHeaderTimeout: 100}", false)]
    [InlineData("httpTransportConfig: {maxResponseHeaderBytes: 1000}", false)]
    [InlineData("http2TransportConfig: {allowHTTP: true}", false)]
    [InlineData("http3TransportConfig: {}", false)]
    public void Aileron_s_http1_client_carries_a_client_only_when_it_honours_every_setting(string spec, bool capable)
    {
        using var quic = HttpClientValidator.AssumeQuic(true);

        // HTTP/3 runs over TLS only: its upstream is https://.
        var url = spec.StartsWith("http3", StringComparison.Ordinal) ? "https://127.0.0.1:8443" : "http://127.0.0.1:8080";

        Assert.Equal(capable, UpstreamTransportFactory.Options(Client(spec, url)).Http1Capable);
    }

    [Fact]
    public void The_dialer_applies_its_rules_in_order_each_to_what_the_previous_left()
    {
        var options = UpstreamTransportFactory.Options(Client(
            """httpTransportConfig: {dialConfig: {timeout: 250, replaceTargets: ["(tcp|b.test:80) > (tcp|a.test:80)", "(tcp|a.test:80) > (unix|@hello)"]}}"""));
        var dialer = options.Dialer;

        Assert.Equal(TimeSpan.FromMilliseconds(250), dialer.Timeout);
        Assert.Equal(new UnixDomainSocketEndPoint("\0hello"), dialer.Resolve(new DnsEndPoint("A.test", 80)));
        Assert.Equal(new UnixDomainSocketEndPoint("\0hello"), dialer.Resolve(new DnsEndPoint("b.test", 80)));
        Assert.Equal(new DnsEndPoint("a.test", 81), dialer.Resolve(new DnsEndPoint("a.test", 81)));
    }

    [Fact]
    public void Without_retryConfig_or_with_maxRetry_zero_aileron_s_own_retry_rule_applies()
    {
        Assert.Null(UpstreamTransportFactory.Options(Client("retryConfig: {maxRetry: 0}")).Retry);
        var retry = UpstreamTransportFactory.Options(Client("retryConfig: {maxRetry: 2, maxContentLength: 10, retryStatusCodes: [502, 503]}")).Retry!;
        Assert.Equal((2, 10), (retry.MaxRetry, retry.MaxContentLength));
        Assert.True(retry.RetriesStatus(503));
        Assert.False(retry.RetriesStatus(500));
    }

    [Theory]
    [InlineData("http2TransportConfig: {allowHTTP: true}", false, "2.0", HttpVersionPolicy.RequestVersionExact)]
    [InlineData("http2TransportConfig: {}", true, "2.0", HttpVersionPolicy.RequestVersionExact)]
    [InlineData("httpTransportConfig: {allowHTTP2: true}", true, "2.0", HttpVersionPolicy.RequestVersionOrLower)]
    [InlineData("httpTransportConfig: {allowHTTP2: true}", false, "1.1", HttpVersionPolicy.RequestVersionOrLower)]
    [InlineData("retryConfig: {maxRetry: 1}", true, "1.1", HttpVersionPolicy.RequestVersionOrLower)]
    [InlineData("http3TransportConfig: {}", true, "3.0", HttpVersionPolicy.RequestVersionExact)]
    public void Each_transport_asks_for_the_http_version_AILERON_s_would_speak(string spec, bool tls, string version, HttpVersionPolicy policy)
    {
        using var quic = HttpClientValidator.AssumeQuic(true);
        var url = tls ? "https://127.0.0.1:8443" : "http://127.0.0.1:8080";

        var (v, p) = UpstreamTransportFactory.Options(Client(spec, url)).VersionFor(tls);

        Assert.Equal((Version.Parse(version), policy), (v, p));
    }

    [Fact]
    public void The_http2_transport_speaks_h2_only_and_h2c_with_allowHTTP()
    {
        var h2c = UpstreamTransportFactory.Options(Client("http2TransportConfig: {allowHTTP: true, readIdleTimeout: 5000}"));
        var h1 = UpstreamTransportFactory.Options(Client("httpTransportConfig: {allowHTTP2: true}"));

        Assert.Equal((true, true, false), (h2c.Http2Only, h2c.H2c, h2c.AllowHttp2));
        Assert.Equal(TimeSpan.FromSeconds(5), h2c.PingDelay);
        Assert.Equal((false, false, true), (h1.Http2Only, h1.H2c, h1.AllowHttp2));
    }

    [Fact]
    public void The_http3_transport_speaks_h3_only_with_its_own_tls_and_header_limit()
    {
        using var quic = HttpClientValidator.AssumeQuic(true);
        using var certificates = new UpstreamCertificates();

        var options = UpstreamTransportFactory.Options(Client(
            $$"""
            http3TransportConfig:
              tlsConfig:
                rootCAs: [{{certificates.CaFile}}]
                certKeyPairs: [{certFile: {{certificates.ClientFile}}, keyFile: {{certificates.ClientKeyFile}}}]
                serverName: {{UpstreamCertificates.ServerName}}
                minVersion: 772
              maxResponseHeaderBytes: 8192
            """,
            "https://127.0.0.1:8443"));

        Assert.Equal((true, false, false, false), (options.Http3Only, options.Http2Only, options.H2c, options.AllowHttp2));
        Assert.Equal(UpstreamCertificates.ServerName, options.ServerName);
        Assert.Equal(8192, options.MaxResponseHeaderBytes);
        var tls = options.Tls!;
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, tls.CertificateChainPolicy!.TrustMode);
        Assert.Equal(certificates.Client.Thumbprint, tls.ClientCertificateContext!.TargetCertificate.Thumbprint);
        Assert.Equal(System.Security.Authentication.SslProtocols.Tls13, tls.EnabledSslProtocols);
    }

    [Fact]
    public void The_http3_transport_hands_no_cipher_policy_to_QUIC_whose_TLS_1_3_suites_are_always_on()
    {
        using var quic = HttpClientValidator.AssumeQuic(true);

        var h3 = UpstreamTransportFactory.Options(Client(
            "http3TransportConfig: {tlsConfig: {tlsCipher: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]}}", "https://127.0.0.1:8443"));

        Assert.Null(h3.Tls!.CipherSuitesPolicy);
    }
}
