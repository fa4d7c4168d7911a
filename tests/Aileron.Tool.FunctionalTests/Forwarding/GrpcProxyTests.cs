using Aileron.Tests.TestSupport;
using Aileron.Tests.TestSupport.Grpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Functional: a gRPC service (Grpc.AspNetCore) behind the proxy, called with Grpc.Net.Client over
/// h2c (HTTP/2 with prior knowledge on the proxy's cleartext listener): unary, server-streaming and
/// bidirectional calls, with trailers and a non-OK grpc-status passing through, to an h2c upstream
/// (http2TransportConfig.allowHTTP) and to a TLS one (http2TransportConfig.tlsConfig.rootCAs).
/// </summary>
public sealed class GrpcProxyTests : IDisposable
{
    private readonly UpstreamCertificates _certificates = new();
    private readonly LogCapture _lines = new();

    public static TheoryData<string> Upstreams => ["h2c", "tls"];

    [Theory]
    [MemberData(nameof(Upstreams))]
    public async Task A_unary_call_passes_through(string upstream)
    {
        await using var setup = await StartAsync(upstream);

        var reply = await setup.Client.SayAsync(new EchoRequest { Text = "hello" });

        Assert.Equal("echo: hello", reply.Text);
    }

    [Theory]
    [MemberData(nameof(Upstreams))]
    public async Task A_server_streaming_call_passes_every_message_and_the_trailers(string upstream)
    {
        await using var setup = await StartAsync(upstream);

        using var call = setup.Client.Count(new CountRequest { To = 5 });
        var texts = new List<string>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            texts.Add(reply.Text);
        }

        Assert.Equal(["1", "2", "3", "4", "5"], texts);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("5", call.GetTrailers().GetValue("x-counted"));
    }

    [Theory]
    [MemberData(nameof(Upstreams))]
    public async Task A_bidirectional_call_answers_each_message_as_it_is_sent(string upstream)
    {
        await using var setup = await StartAsync(upstream);

        using var call = setup.Client.Chat();
        foreach (var text in (string[])["a", "b", "c"])
        {
            // Each answer arrives before the next message is sent: the streams are not buffered whole.
            await call.RequestStream.WriteAsync(new EchoRequest { Text = text });
            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal($"re: {text}", call.ResponseStream.Current.Text);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Theory]
    [MemberData(nameof(Upstreams))]
    public async Task A_failing_call_keeps_its_grpc_status_message_and_trailers(string upstream)
    {
        await using var setup = await StartAsync(upstream);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await setup.Client.FailAsync(new EchoRequest { Text = "x" }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("refused: x", error.Status.Detail);
        Assert.Equal("test", error.Trailers.GetValue("x-reason"));
    }

    [Fact]
    public async Task Without_h2c_a_cleartext_grpc_upstream_is_not_reached_and_the_log_says_what_to_set()
    {
        await using var setup = await StartAsync("http1");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await setup.Client.SayAsync(new EchoRequest { Text = "hello" }));

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        await Eventually.True(
            () => _lines.Text.Contains("http2TransportConfig.allowHTTP: true as the handler's roundTripper", StringComparison.Ordinal), "the hint:\n" + _lines.Text + "\n" + error);
    }

    public void Dispose() => _certificates.Dispose();

    private async Task<Setup> StartAsync(string kind)
    {
        var upstream = await KestrelUpstream.StartAsync(new KestrelUpstream.Options
        {
            Protocols = HttpProtocols.Http2,
            Certificate = kind == "tls" ? _certificates.Server : null,
            Services = services => services.AddGrpc(),
            Map = app => app.MapGrpcService<EchoService>(),
        });
        var spec = kind switch
        {
            "tls" => $"http2TransportConfig:\n  tlsConfig:\n    rootCAs: [{_certificates.CaFile}]",
            "h2c" => "http2TransportConfig:\n  allowHTTP: true",
            _ => "httpTransportConfig: {}",
        };
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], spec, _lines);
        var channel = GrpcChannel.ForAddress(proxy.BaseAddress, new GrpcChannelOptions { HttpHandler = new SocketsHttpHandler { UseProxy = false } });
        return new Setup(upstream, proxy, log, channel);
    }

    private sealed record Setup(KestrelUpstream Upstream, TestProxy Proxy, Aileron.Observability.ProxyLog Log, GrpcChannel Channel) : IAsyncDisposable
    {
        public Echo.EchoClient Client { get; } = new(Channel);

        public async ValueTask DisposeAsync()
        {
            Channel.Dispose();
            await Proxy.DisposeAsync();
            await Log.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }
}
