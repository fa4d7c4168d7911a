using System.Net.Security;
using Aileron.Forwarding;
using Aileron.Forwarding.Yarp;

namespace Aileron.Tests.Forwarding.Yarp;

/// <summary>Unit: how an HTTPClient's settings tune the pooled handler its requests go through (no sockets).</summary>
public sealed class UpstreamClientTests
{
    private static readonly TimeSpan LongestConnect = TimeSpan.FromSeconds(7);

    private static SocketsHttpHandler Handler(UpstreamTransportOptions options) =>
        UpstreamClient.Handler(new ConnectTimeouts(TimeSpan.FromSeconds(5)), options, LongestConnect);

    [Fact]
    public void Http3_bounds_QUIC_s_connect_by_the_longest_connect_timeout_as_it_bypasses_the_connect_callback()
    {
        using var handler = Handler(new UpstreamTransportOptions { Name = "default/default", Http3Only = true });

        Assert.Equal(LongestConnect, handler.ConnectTimeout);
        Assert.True(handler.EnableMultipleHttp3Connections);
    }

    [Fact]
    public void Over_TCP_the_connect_callback_bounds_the_connect_and_the_handler_does_not()
    {
        using var handler = Handler(new UpstreamTransportOptions { Name = "default/default", Http2Only = true });

        Assert.Equal(Timeout.InfiniteTimeSpan, handler.ConnectTimeout);
        Assert.NotNull(handler.ConnectCallback);
    }

    [Fact]
    public void Http3_takes_the_clients_tls_and_header_limit_as_the_other_transports_do()
    {
        var tls = new SslClientAuthenticationOptions { AllowTlsResume = false };

        using var handler = Handler(new UpstreamTransportOptions
        {
            Name = "default/default", Http3Only = true, Tls = tls, InsecureSkipVerify = true, MaxResponseHeaderBytes = 8192,
        });

        Assert.Same(tls, handler.SslOptions);
        Assert.NotNull(handler.SslOptions.RemoteCertificateValidationCallback);
        Assert.Equal(8, handler.MaxResponseHeadersLength);
    }
}
