using Aileron.Configuration;
using Aileron.Configuration.Validation;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration.Validation;

/// <summary>Unit: the HTTPClient resource as the loader reads and checks it (no sockets; certificate files are made in a temp folder).</summary>
public sealed class HttpClientValidatorTests : IDisposable
{
    private readonly UpstreamCertificates _certificates = new();

    /// <summary>A proxy over <paramref name="url"/> whose roundTripper is the default HTTPClient; its spec starts on line 29.</summary>
    private static string Config(string clientSpec, string url = "https://127.0.0.1:8443") =>
        TestYaml.EntrypointAndServer + "\n" + $$"""
            apiVersion: core/v1
            kind: ReverseProxyHandler
            spec:
              roundTripper: {apiVersion: core/v1, kind: HTTPClient}
              loadBalancers:
                - upstreams:
                    - url: {{url}}
            ---
            apiVersion: core/v1
            kind: HTTPClient
            spec:

            """ + TestConfig.Indent(clientSpec, 2) + "\n";

    private static LoadResult Load(string clientSpec, string url = "https://127.0.0.1:8443") => TestYaml.Load(Config(clientSpec, url));

    private static string Errors(LoadResult result) => string.Join("\n", result.Diagnostics.Where(d => d.IsError));

    [Fact]
    public void AILERONs_grpc_and_http_client_examples_load_without_errors()
    {
        Assert.False(Load("http2TransportConfig:\n  allowHTTP: true", "http://127.0.0.1:50051").HasErrors);
        var httpClient = Load(
            """
            retryConfig:
              maxRetry: 3
              retryStatusCodes: [500, 502, 503]
            httpTransportConfig:
              disableKeepAlives: true
              disableCompression: true
              maxIdleConns: 100
              maxIdleConnsPerHost: 20
              maxConnsPerHost: 20
              idleConnTimeout: 10000
              responseHeaderTimeout: 5000
            """,
            "http://httpbin.org");
        Assert.False(httpClient.HasErrors, Errors(httpClient));
        Assert.Contains(httpClient.Diagnostics, d => d.Message.Contains("maxIdleConns: ignored: not supported by aileron", StringComparison.Ordinal));
    }

    [Fact]
    public void Http3TransportConfig_without_libmsquic_is_refused_in_one_line_at_the_field()
    {
        using var quic = HttpClientValidator.AssumeQuic(false);

        var d = TestYaml.Single(Load($"http3TransportConfig:\n  tlsConfig: {{rootCAs: [{_certificates.CaFile}]}}"));

        Assert.True(d.IsError);
        Assert.Equal((30, 5), (d.Position.Line, d.Position.Column));
        Assert.Equal($"spec.http3TransportConfig: {HttpClientValidator.NoQuic}", d.Message);
        Assert.Contains("apt-get install libmsquic", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http3TransportConfig_with_libmsquic_loads_with_its_tls_and_limits()
    {
        using var quic = HttpClientValidator.AssumeQuic(true);

        var result = Load($$"""
            http3TransportConfig:
              tlsConfig:
                rootCAs: [{{_certificates.CaFile}}]
                certKeyPairs: [{certFile: {{_certificates.ClientFile}}, keyFile: {{_certificates.ClientKeyFile}}}]
                serverName: upstream.test
                minVersion: 772
                nextProtos: [h3]
              disableCompression: true
              enableDatagrams: false
              maxResponseHeaderBytes: 65536
            """);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(65536, result.Config!.LoadBalancers[0].Client!.Spec.Http3TransportConfig!.MaxResponseHeaderBytes);
    }

    [Fact]
    public void The_machines_own_answer_is_asked_when_no_test_assumes_one() =>
        Assert.Equal(System.Net.Quic.QuicConnection.IsSupported, HttpClientValidator.QuicSupported);

    [Fact]
    public void An_assumption_about_quic_holds_until_disposed()
    {
        var machine = HttpClientValidator.QuicSupported;

        using (HttpClientValidator.AssumeQuic(!machine))
        {
            Assert.Equal(!machine, HttpClientValidator.QuicSupported);
        }

        Assert.Equal(machine, HttpClientValidator.QuicSupported);
    }

    [Theory]
    [InlineData("http3TransportConfig: {quicConfig: {maxIdleTimeout: 1000}}", "quicConfig: not supported by aileron: QUIC tuning is not implemented; remove it")]
    [InlineData("http3TransportConfig: {enableDatagrams: true}", "enableDatagrams: HTTP/3 datagrams (RFC 9297) are not implemented by aileron")]
    [InlineData("http3TransportConfig: {maxResponseHeaderBytes: -1}", "maxResponseHeaderBytes: -1 must be 0 or more")]
    [InlineData("http3TransportConfig: {tlsConfig: {maxVersion: 771}}", "maxVersion: 771 (TLS 1.2): QUIC runs over TLS 1.3 only")]
    [InlineData("http3TransportConfig: {tlsConfig: {nextProtos: [h2]}}", "'h2': aileron offers only what its transport speaks (h3)")]
    [InlineData("http3TransportConfig: {tlsConfig: {minVersion: 770}}", "minVersion: 770: SSL 3.0, TLS 1.0 and 1.1 are not offered")]
    [InlineData("http3TransportConfig: {tlsConfig: {rootCAs: [/nonexistent/ca.pem]}}", "rootCAs[0]: /nonexistent/ca.pem: cannot read it")]
    [InlineData("http2TransportConfig: {}\nhttp3TransportConfig: {}", "http2TransportConfig and http3TransportConfig are one choice")]
    [InlineData("httpTransportConfig: {}\nhttp2TransportConfig: {}\nhttp3TransportConfig: {}", "httpTransportConfig, http2TransportConfig and http3TransportConfig are one choice")]
    public void What_http3_cannot_honour_is_an_error_even_with_libmsquic(string spec, string message)
    {
        using var quic = HttpClientValidator.AssumeQuic(true);

        var result = Load(spec);

        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, d => d.Message.Contains("libmsquic", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_one_of_the_three_transports_is_named_where_the_second_is_set()
    {
        using var quic = HttpClientValidator.AssumeQuic(true);

        var d = TestYaml.Single(Load("httpTransportConfig: {}\nhttp3TransportConfig: {}"));

        Assert.Equal((30, 25), (d.Position.Line, d.Position.Column));
        Assert.Equal("spec: httpTransportConfig and http3TransportConfig are one choice (a oneof in AILERON): keep one", d.Message);
    }

    [Fact]
    public void TlsCipher_under_http3_is_a_warning_that_it_has_no_effect()
    {
        using var quic = HttpClientValidator.AssumeQuic(true);

        var d = TestYaml.Single(Load("http3TransportConfig: {tlsConfig: {tlsCipher: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]}}"));

        Assert.False(d.IsError);
        Assert.Contains("tlsCipher: has no effect: QUIC runs over TLS 1.3", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cleartext_upstream_of_an_http3_client_is_an_error_at_its_url()
    {
        using var quic = HttpClientValidator.AssumeQuic(true);

        var d = TestYaml.Single(Load("http3TransportConfig: {}", "http://127.0.0.1:8443"));

        Assert.True(d.IsError);
        Assert.Equal(24, d.Position.Line);
        Assert.Contains("is cleartext, and HTTPClient 'default/default' speaks HTTP/3, which runs over TLS only: use https://", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http2TransportConfig: {multiIPConnPool: true}", "multiIPConnPool: not supported by aileron: the multi-IP connection pool is not implemented")]
    [InlineData("httpTransportConfig: {dialConfig: {sockOption: {soOption: {keepAlive: true}}}}", "sockOption: not supported by aileron: socket options are not implemented")]
    [InlineData("httpTransportConfig: {tlsConfig: {curvePreferences: [X25519]}}", "curvePreferences: not supported by aileron: choosing key-exchange curves is not implemented")]
    [InlineData("httpTransportConfig: {tlsConfig: {minVersion: 769}}", "minVersion: 769: SSL 3.0, TLS 1.0 and 1.1 are not offered")]
    [InlineData("httpTransportConfig: {tlsConfig: {minVersion: 772, maxVersion: 771}}", "minVersion: 772 is above maxVersion 771")]
    [InlineData("httpTransportConfig: {tlsConfig: {nextProtos: [h3]}}", "'h3': aileron offers only what its transport speaks")]
    [InlineData("httpTransportConfig: {tlsConfig: {tlsCipher: [TLS_NOPE]}}", "'TLS_NOPE' is not a TLS 1.2 cipher suite")]
    [InlineData("httpTransportConfig: {tlsConfig: {rootCAs: [/nonexistent/ca.pem]}}", "rootCAs[0]: /nonexistent/ca.pem: cannot read it")]
    [InlineData("httpTransportConfig: {dialConfig: {localAddress: '127.0.0.1:0'}}", "must name its network: tcp://10.0.0.5:0")]
    [InlineData("httpTransportConfig: {dialConfig: {replaceTargets: ['(tcp|a:1) > (udp|b:2)']}}", "dials upstreams over tcp or unix (stream) sockets, not udp")]
    [InlineData("httpTransportConfig: {}\nhttp2TransportConfig: {}", "httpTransportConfig and http2TransportConfig are one choice")]
    [InlineData("retryConfig: {maxRetry: 101}", "maxRetry: 101 is out of range: 0 to 100")]
    [InlineData("retryConfig: {maxContentLength: 16777217}", "maxContentLength: 16777217 is out of range")]
    [InlineData("retryConfig: {retryStatusCodes: [99]}", "99 is not an HTTP status")]
    [InlineData("httpTransportConfig: {responseHeaderTimeout: -1}", "responseHeaderTimeout: -1 must be 0 or more")]
    [InlineData("httpTransportConfig: {allowHttp2: true}", "unknown field 'allowHttp2'")]
    public void What_would_weaken_or_garble_the_transport_is_an_error(string spec, string message)
    {
        var result = Load(spec);

        Assert.True(result.HasErrors);
        Assert.Contains(result.Diagnostics, d => d.IsError && d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_cleartext_upstream_of_an_http2_client_without_allowHTTP_is_an_error_at_its_url()
    {
        var d = TestYaml.Single(Load("http2TransportConfig: {}", "http://127.0.0.1:50051"));

        Assert.Equal(24, d.Position.Line);
        Assert.Contains("is cleartext, and HTTPClient 'default/default' speaks HTTP/2 only: set http2TransportConfig.allowHTTP: true", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cleartext_upstream_of_a_dialer_with_tls_is_an_error()
    {
        var result = Load($"httpTransportConfig: {{dialConfig: {{tlsConfig: {{rootCAs: [{_certificates.CaFile}]}}}}}}", "http://127.0.0.1:8080");

        Assert.Contains("with which AILERON would speak TLS to it", Errors(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Tls_files_that_load_and_a_client_certificate_pair_are_valid()
    {
        var result = Load($$"""
            http2TransportConfig:
              tlsConfig:
                rootCAs: [{{_certificates.CaFile}}]
                certKeyPairs: [{certFile: {{_certificates.ClientFile}}, keyFile: {{_certificates.ClientKeyFile}}}]
                serverName: upstream.test
                minVersion: 771
                tlsCipher: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305]
                renegotiation: RenegotiateNever
            """);

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void A_key_that_is_not_the_certificates_is_an_error_at_the_pair()
    {
        var result = Load($"httpTransportConfig: {{tlsConfig: {{certKeyPairs: [{{certFile: {_certificates.ClientFile}, keyFile: {_certificates.ServerKeyFile}}}]}}}}");

        Assert.Contains($"{_certificates.ServerKeyFile}: the private key does not match the certificate", Errors(result), StringComparison.Ordinal);
    }

    [Fact]
    public void InsecureSkipVerify_loads_with_a_warning()
    {
        var d = TestYaml.Single(Load("httpTransportConfig: {tlsConfig: {insecureSkipVerify: true}}"));

        Assert.False(d.IsError);
        Assert.Contains("insecureSkipVerify: the upstream's certificate is NOT checked", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_roundTripper_naming_no_HTTPClient_is_an_error()
    {
        var result = TestYaml.Load(Config("{}").Replace("kind: HTTPClient}", "kind: HTTPClient, name: other}", StringComparison.Ordinal));

        Assert.Contains("no HTTPClient named 'default/other'", Errors(result), StringComparison.Ordinal);
    }

    [Fact]
    public void A_roundTripper_of_another_kind_is_an_error()
    {
        var result = TestYaml.Load(Config("{}").Replace("kind: HTTPClient}", "kind: HTTPServer}", StringComparison.Ordinal));

        Assert.Contains("a roundTripper must be of kind HTTPClient", Errors(result), StringComparison.Ordinal);
    }

    [Fact]
    public void The_load_balancers_of_the_handler_carry_the_resolved_client()
    {
        var result = Load("http2TransportConfig: {allowHTTP: true}", "http://127.0.0.1:50051");

        var lb = Assert.Single(result.Config!.LoadBalancers);
        Assert.Equal("default/default", lb.Client!.Name);
        Assert.True(lb.Client.Spec.Http2TransportConfig!.AllowHTTP);
    }

    public void Dispose() => _certificates.Dispose();
}
