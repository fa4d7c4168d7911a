using Aileron.Tests.TestSupport;
using Aileron.Tests.TestSupport.Grpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// Functional: a gRPC service (Grpc.AspNetCore) behind the proxy, called with Grpc.Net.Client:
/// unary, server-streaming and bidirectional calls, with trailers and a non-OK grpc-status passing
/// through, in all four combinations of the client's side (h2c with prior knowledge on a cleartext
/// listener, or h2 by ALPN on a TLS one) and the upstream's (h2c through
/// http2TransportConfig.allowHTTP, or TLS trusted through http2TransportConfig.tlsConfig.rootCAs).
/// </summary>
public sealed class GrpcProxyTests : IDisposable
{
    private readonly UpstreamCertificates _certificates = new();
    private readonly LogCapture _lines = new();

    /// <summary>The client's side of the proxy, then the upstream's.</summary>
    public static TheoryData<string, string> Sides => new()
    {
        { "h2c", "h2c" },
        { "h2c", "tls" },
        { "tls", "h2c" },
        { "tls", "tls" },
    };

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task A_unary_call_passes_through(string front, string upstream)
    {
        await using var setup = await StartAsync(front, upstream);

        var reply = await setup.Client.SayAsync(new EchoRequest { Text = "hello" });

        Assert.Equal("echo: hello", reply.Text);
    }

    [Theory]
    [MemberData(nameof(Sides))]
    public async Task A_server_streaming_call_passes_every_message_and_the_trailers(string front, string upstream)
    {
        await using var setup = await StartAsync(front, upstream);

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
    [MemberData(nameof(Sides))]
    public async Task A_bidirectional_call_answers_each_message_as_it_is_sent(string front, string upstream)
    {
        await using var setup = await StartAsync(front, upstream);

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
    [MemberData(nameof(Sides))]
    public async Task A_failing_call_keeps_its_grpc_status_message_and_trailers(string front, string upstream)
    {
        await using var setup = await StartAsync(front, upstream);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await setup.Client.FailAsync(new EchoRequest { Text = "x" }));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("refused: x", error.Status.Detail);
        Assert.Equal("test", error.Trailers.GetValue("x-reason"));
    }

    [Fact]
    public async Task Without_h2c_a_cleartext_grpc_upstream_is_not_reached_and_the_log_says_what_to_set()
    {
        await using var setup = await StartAsync("h2c", "http1");

        var error = await Assert.ThrowsAsync<RpcException>(async () => await setup.Client.SayAsync(new EchoRequest { Text = "hello" }));

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        await Eventually.True(
            () => _lines.Text.Contains("http2TransportConfig.allowHTTP: true as the handler's roundTripper", StringComparison.Ordinal), "the hint:\n" + _lines.Text + "\n" + error);
    }

    public void Dispose() => _certificates.Dispose();

    private async Task<Setup> StartAsync(string front, string kind)
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
        var tls = front == "tls";
        var listener = tls
            ? $"http2Config: {{}}\nhttpConfig:\n  listenConfig:\n    tlsConfig:\n      certKeyPairs: [{{certFile: \"{_certificates.ServerFile}\", keyFile: \"{_certificates.ServerKeyFile}\"}}]"
            : "";
        var (proxy, log) = await ClientProxy.StartAsync([upstream.Url], spec, _lines, serverFields: listener);
        var channel = GrpcChannels.To(proxy.Host.Servers[0].Port, tls ? _certificates : null);
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
