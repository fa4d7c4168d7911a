using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>TLS termination on a listener: HTTPS, HTTP/2 by ALPN, SNI, TLS versions and cipher suites (functional: real sockets).</summary>
public sealed class TlsListenerTests : IDisposable
{
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    [Fact]
    public async Task Https_serves_http1_and_http2_by_alpn_when_http2Config_is_present()
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(u, TlsProxy.Pairs(pair), "http2Config: {}"));
        using var client = TlsClient.Create(_certs.Ca);

        var http1 = await client.GetAsync(proxy.Url() + "/a", HttpVersion.Version11);
        var http2 = await client.GetAsync(proxy.Url() + "/b", HttpVersion.Version20);

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (http1.Status, http1.Version));
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (http2.Status, http2.Version));
        Assert.Contains("GET /b\n", http2.Body, StringComparison.Ordinal);
        Assert.Contains("xfp=https\n", http2.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_http2Config_a_tls_listener_offers_http1_only_as_aileron_does()
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(u, TlsProxy.Pairs(pair)));
        using var client = TlsClient.Create(_certs.Ca);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(proxy.Url(), HttpVersion.Version11)).Status);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(proxy.Url(), HttpVersion.Version20));
    }

    [Fact]
    public async Task Curl_speaks_http2_to_it_trusting_the_ca_file()
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(u, TlsProxy.Pairs(pair), "http2Config: {}"));

        var (code, output) = await CurlAsync("--http2", "--cacert", _certs.CaFile, "-w", "\n%{http_version} %{http_code}", proxy.Url() + "/curl");

        Assert.True(code == 0, output);
        Assert.EndsWith("\n2 200", output, StringComparison.Ordinal);
        Assert.Contains("GET /curl\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sni_picks_the_certificate_whose_names_match_and_the_first_otherwise()
    {
        var first = _certs.WritePair("first", TestCertificates.Server(_certs.Ca, "localhost"));
        var second = _certs.WritePair("second", TestCertificates.Server(_certs.Ca, "second.test", "*.wild.test"));
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(u, TlsProxy.Pairs(first, second)));

        async Task<string> SubjectFor(string name)
        {
            using var client = TlsClient.Create(_certs.Ca, serverName: name);
            await client.GetAsync(proxy.Url(name));
            return client.Seen!.GetNameInfo(X509NameType.SimpleName, false);
        }

        Assert.Equal("second.test", await SubjectFor("second.test"));
        Assert.Equal("second.test", await SubjectFor("api.wild.test"));
        await Assert.ThrowsAsync<HttpRequestException>(() => SubjectFor("nobody.test"));
        Assert.Equal("localhost", await SubjectFor("localhost"));
        Assert.Equal(2, proxy.Proxy.Host.Servers[0].Tls!.Certificates.Count);
        Assert.Equal(0, proxy.Proxy.Host.Servers[0].Tls!.IndexFor("nobody.test"));
    }

    [Fact]
    public async Task A_tls_listener_on_a_unix_socket_serves_https_and_http2()
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        var path = Path.Combine(_certs.Directory, "tls.sock");
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(u, TlsProxy.Pairs(pair), "http2Config: {}", $"unix://{path}"));
        using var client = TlsClient.Create(_certs.Ca, unix: new UnixDomainSocketEndPoint(path));

        var answer = await client.GetAsync("https://localhost/over-unix", HttpVersion.Version20);

        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version20), (answer.Status, answer.Version));
        Assert.Contains("GET /over-unix\n", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MinVersion_772_refuses_a_tls12_client_and_serves_tls13()
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(u, TlsProxy.Pairs(pair) + "minVersion: 772\n"));
        using var tls12 = TlsClient.Create(_certs.Ca, protocols: SslProtocols.Tls12);
        using var tls13 = TlsClient.Create(_certs.Ca, protocols: SslProtocols.Tls13);

        await Assert.ThrowsAsync<HttpRequestException>(() => tls12.GetAsync(proxy.Url()));
        Assert.Equal(HttpStatusCode.OK, (await tls13.GetAsync(proxy.Url())).Status);
    }

    [Fact]
    public async Task TlsCipher_chooses_the_tls12_suite_and_maxVersion_771_caps_the_version()
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        await using var proxy = await TlsProxy.StartAsync(u => TlsProxy.Config(
            u, TlsProxy.Pairs(pair) + "maxVersion: 771\ntlsCipher: [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]\n"));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.Port);
        await using var ssl = new SslStream(tcp.GetStream());
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == "CN=localhost",
        });

        Assert.Equal(SslProtocols.Tls12, ssl.SslProtocol);
        Assert.Equal(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ssl.NegotiatedCipherSuite);
    }

    internal static async Task<(int Code, string Output)> CurlAsync(params string[] args)
    {
        var start = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-sS", "--max-time", "20" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var curl = Process.Start(start)!;
        var output = curl.StandardOutput.ReadToEndAsync();
        var error = curl.StandardError.ReadToEndAsync();
        await curl.WaitForExitAsync();
        return (curl.ExitCode, await output + await error);
    }
}
