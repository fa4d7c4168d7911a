using System.Net;
using System.Net.Sockets;
using Aileron.Tests.TestSupport;
using Aileron.Tests.TestSupport.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Aileron.Tests.Hosting;

/// <summary>
/// The transport examples of AILERON's repository (examples/proxy-http1, proxy-http2, proxy-grpc,
/// http-client, listener, listen-unix-socket), written anew in their shape with what a test must
/// change: the listen address (127.0.0.1:0), the upstream URLs (real upstreams here, for
/// httpbin.org and the examples' Go servers) and the certificate files (made by the test; AILERON's
/// examples use one self-signed certificate as both the server's and the trusted root). Each serves
/// as AILERON's README says it does, or is refused in one line where aileron cannot serve it.
/// Functional tests: real listeners, upstreams and clients on 127.0.0.1 and unix sockets.
/// </summary>
public sealed class AileronTransportExampleTests : IDisposable
{
    private readonly UpstreamCertificates _certificates = new();

    /// <summary>proxy-http1 (a TLS listener, HTTP/1.1) and proxy-http2 (TLS with http2Config), each with its HTTP/1 and HTTP/2 upstream config.</summary>
    public static TheoryData<string, string> HttpExamples => new()
    {
        { "proxy-http1", "config-http1" },
        { "proxy-http1", "config-http2" },
        { "proxy-http2", "config-http1" },
        { "proxy-http2", "config-http2" },
    };

    public static TheoryData<string> GrpcExamples => ["config-http-http", "config-http-https", "config-https-http", "config-https-https"];

    public void Dispose() => _certificates.Dispose();

    [Theory]
    [MemberData(nameof(HttpExamples))]
    public async Task The_tls_examples_serve_https_and_reach_their_https_upstream_in_its_protocol(string example, string config)
    {
        var upstreamHttp2 = config == "config-http2";
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Protocols = upstreamHttp2 ? HttpProtocols.Http2 : HttpProtocols.Http1,
            Certificate = _certificates.Server,
            Handler = context => context.Response.WriteAsync($"upstream saw {context.Request.Protocol}"),
        });
        var frontHttp2 = example == "proxy-http2";
        var client = upstreamHttp2
            ? $"http2TransportConfig:\n  tlsConfig:\n    rootCAs:\n      - {_certificates.CaFile}"
            : $"httpTransportConfig:\n  tlsConfig:\n    rootCAs:\n      - {_certificates.CaFile}";
        await using var proxy = await TestProxy.StartAsync(Example(TlsServer(frontHttp2), upstream.Url, client));
        using var tls = TlsClient.Create(_certificates.Ca);

        var (status, version, body) = await tls.GetAsync(
            $"https://localhost:{proxy.Host.Servers[0].Port}/", frontHttp2 ? HttpVersion.Version20 : HttpVersion.Version11);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(frontHttp2 ? HttpVersion.Version20 : HttpVersion.Version11, version);
        Assert.Equal(upstreamHttp2 ? "upstream saw HTTP/2" : "upstream saw HTTP/1.1", body);
    }

    [Theory]
    [MemberData(nameof(GrpcExamples))]
    public async Task The_grpc_examples_carry_unary_and_streaming_calls(string config)
    {
        var frontTls = config.StartsWith("config-https-", StringComparison.Ordinal);
        var upstreamTls = config.EndsWith("-https", StringComparison.Ordinal);
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Protocols = HttpProtocols.Http2,
            Certificate = upstreamTls ? _certificates.Server : null,
            Services = services => services.AddGrpc(),
            Map = app => app.MapGrpcService<EchoService>(),
        });
        var client = upstreamTls
            ? $"http2TransportConfig:\n  tlsConfig:\n    rootCAs:\n      - {_certificates.CaFile}"
            : "http2TransportConfig:\n  allowHTTP: true";
        var server = frontTls ? TlsServer(http2: true) : "http2Config:\n  enableH2C: true";
        await using var proxy = await TestProxy.StartAsync(Example(server, upstream.Url, client));
        using var channel = GrpcChannels.To(proxy.Host.Servers[0].Port, frontTls ? _certificates : null);
        var echo = new Echo.EchoClient(channel);

        var reply = await echo.SayAsync(new EchoRequest { Text = "hello" });
        using var stream = echo.Count(new CountRequest { To = 3 });
        var counted = await stream.ResponseStream.ReadAllAsync().Select(r => r.Text).ToListAsync();

        Assert.Equal("echo: hello", reply.Text);
        Assert.Equal(["1", "2", "3"], counted);
        Assert.Equal("3", stream.GetTrailers().GetValue("x-counted"));
    }

    [Fact]
    public async Task The_http_client_example_retries_listed_statuses_on_a_new_connection_each_time()
    {
        var tries = 0;
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Protocols = HttpProtocols.Http1,
            Handler = context =>
            {
                context.Response.StatusCode = Interlocked.Increment(ref tries) <= 2 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
                return context.Response.WriteAsync($"try {tries}");
            },
        });
        var client = """
            retryConfig:
              maxRetry: 3
              retryStatusCodes:
                - 500
                - 502
                - 503
            httpTransportConfig:
              disableKeepAlives: true
              disableCompression: true
              maxIdleConns: 100
              maxIdleConnsPerHost: 20
              maxConnsPerHost: 20
              idleConnTimeout: 10000
              responseHeaderTimeout: 5000
            """;
        var yaml = Example(string.Empty, upstream.Url, client, match: ".*");
        await using var proxy = await TestProxy.StartAsync(yaml);

        using var response = await proxy.Client.GetAsync("/get");

        Assert.Equal((HttpStatusCode.OK, "try 3"), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        Assert.Equal(3, upstream.Connections);
        Assert.Contains(TestYaml.Load(yaml).Diagnostics, d => !d.IsError && d.Message.Contains("maxIdleConns: ignored", StringComparison.Ordinal));
        Assert.DoesNotContain(TestYaml.Load(yaml).Diagnostics, d => d.IsError);
    }

    [Fact]
    public async Task The_listener_example_closes_every_connection_after_its_answer()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("hello");
        var yaml = Prelude + $"""
            apiVersion: core/v1
            kind: HTTPServer
            spec:
              addr: "127.0.0.1:0"
              httpConfig:
                disableKeepAlive: true
                listenConfig:
                  sockOption:
              virtualHosts:
                - handlers:
                    - handler:
                        apiVersion: core/v1
                        kind: ReverseProxyHandler
            ---
            apiVersion: core/v1
            kind: ReverseProxyHandler
            spec:
              loadBalancers:
                - pathMatcher:
                    match: ".*"
                    matchType: Regex
                  upstreams:
                    - url: {upstream.Url}
            """;
        await using var proxy = await TestProxy.StartAsync(yaml);

        using var response = await proxy.Client.GetAsync("/get");

        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.ConnectionClose);
    }

    [Fact]
    public void The_unix_socket_example_is_refused_for_its_template_handler_in_one_line()
    {
        var result = TestYaml.Load(UnixExample("hello", "gateway", includeHelloServer: true));

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Contains("kind TemplateHandler is not supported by aileron", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unix_socket_examples_proxy_serves_on_an_abstract_socket_and_dials_its_upstream_through_replace_targets()
    {
        var hello = $"aileron-hello-{Guid.NewGuid():N}";
        var gateway = $"aileron-gateway-{Guid.NewGuid():N}";
        await using var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            UnixSocket = "\0" + hello,
            Handler = context => context.Response.WriteAsync("Hello!!"),
        });
        await using var proxy = await TestProxy.StartAsync(UnixExample(hello, gateway, includeHelloServer: false));
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint("\0" + gateway), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });

        Assert.Equal("Hello!!", await client.GetStringAsync(new Uri("http://gateway/")));
    }

    private const string Prelude = """
        apiVersion: core/v1
        kind: Entrypoint
        spec:
          runners:
            - apiVersion: core/v1
              kind: HTTPServer
        ---

        """;

    /// <summary>
    /// The shape every proxy-http1, proxy-http2 and proxy-grpc config shares: one HTTPServer
    /// (<paramref name="server"/> lines added to its spec), one ReverseProxyHandler over one upstream,
    /// through the HTTPClient whose spec is <paramref name="client"/>.
    /// </summary>
    private static string Example(string server, string upstreamUrl, string client, string match = "") => Prelude + $"""
        apiVersion: core/v1
        kind: HTTPServer
        spec:
          addr: "127.0.0.1:0"
        {TestConfig.Indent(server, 2)}
          virtualHosts:
            - handlers:
                - handler:
                    apiVersion: core/v1
                    kind: ReverseProxyHandler
        ---
        apiVersion: core/v1
        kind: ReverseProxyHandler
        spec:
          roundTripper:
            apiVersion: core/v1
            kind: HTTPClient
          loadBalancers:
            - pathMatcher:
                match: "{match}"
                matchType: Regex
              upstreams:
                - url: {upstreamUrl}
        ---
        apiVersion: core/v1
        kind: HTTPClient
        spec:
        {TestConfig.Indent(client, 2)}
        """;

    /// <summary>The listener lines of the TLS examples: their certKeyPairs, and http2Config when <paramref name="http2"/>.</summary>
    private string TlsServer(bool http2) => (http2 ? "http2Config: {}\n" : string.Empty) + $"""
        httpConfig:
          listenConfig:
            tlsConfig:
              certKeyPairs:
                - certFile: {_certificates.ServerFile}
                  keyFile: {_certificates.ServerKeyFile}
        """;

    /// <summary>
    /// examples/listen-unix-socket: a proxy on the abstract socket <paramref name="gateway"/> whose
    /// HTTPClient dials localhost:8080 at the abstract socket <paramref name="hello"/>, in AILERON's older
    /// <c>network: "unix"</c> form; the example's own hello server (a TemplateHandler) when asked.
    /// </summary>
    private static string UnixExample(string hello, string gateway, bool includeHelloServer) => $$"""
        apiVersion: core/v1
        kind: Entrypoint
        spec:
          runners:
        {{(includeHelloServer ? "    - apiVersion: core/v1\n      kind: HTTPServer\n      name: hello-server\n" : string.Empty)}}    - apiVersion: core/v1
              kind: HTTPServer
              name: proxy-server
        ---
        {{(includeHelloServer ? HelloServer(hello) : string.Empty)}}apiVersion: core/v1
        kind: HTTPServer
        metadata:
          name: proxy-server
        spec:
          httpConfig:
            listenConfig:
              network: "unix"
              addr: "@{{gateway}}"
          virtualHosts:
            - handlers:
                - handler:
                    apiVersion: core/v1
                    kind: ReverseProxyHandler
        ---
        apiVersion: core/v1
        kind: ReverseProxyHandler
        spec:
          roundTripper:
            apiVersion: core/v1
            kind: HTTPClient
          loadBalancers:
            - pathMatcher:
                match: ".*"
                matchType: Regex
              upstreams:
                - url: http://localhost:8080
        ---
        apiVersion: core/v1
        kind: HTTPClient
        spec:
          httpTransportConfig:
            dialConfig:
              replaceTargets:
                - "(tcp|localhost:8080) > (unix|@{{hello}})"
        """;

    private static string HelloServer(string hello) => $"""
        apiVersion: core/v1
        kind: HTTPServer
        metadata:
          name: hello-server
        spec:
          httpConfig:
            listenConfig:
              network: "unix"
              addr: "@{hello}"
          virtualHosts:
            - handlers:
                - handler:
                    apiVersion: core/v1
                    kind: TemplateHandler
        ---
        apiVersion: core/v1
        kind: TemplateHandler
        spec:
          mimeContents:
            - mimeType: text/plain
              statusCode: 200
              templateType: Text
              template: "Hello!!"
        ---

        """;
}
