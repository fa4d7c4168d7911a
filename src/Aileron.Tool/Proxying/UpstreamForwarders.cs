using System.Runtime.CompilerServices;
using Aileron.Balancing;
using Aileron.Forwarding;
using Aileron.Forwarding.Http1;
using Aileron.Forwarding.Yarp;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Proxying;

/// <summary>
/// The two forwarding paths and which one a request takes: bodiless HTTP/1.x requests to
/// <c>http://</c> upstreams go through aileron's own HTTP/1.1 client (when it is on, and when the
/// load balancer's HTTPClient asks nothing of it that only YARP does), everything else through YARP's
/// forwarder and the <see cref="HttpMessageInvoker"/> of the load balancer's HTTPClient (the shared
/// one when it names none).
/// </summary>
internal sealed class UpstreamForwarders(IHttpForwarder yarp, HttpMessageInvoker invoker, Http1Forwarder? http1)
{
    /// <summary>Aileron's HTTP/1.1 client of load balancers without an HTTPClient; null when every request goes through YARP.</summary>
    public Http1Forwarder? Http1 => http1;

    /// <summary>Forwards the request to <paramref name="upstream"/> with <paramref name="forwardPath"/> and copies the answer back.</summary>
    public ValueTask<ForwarderError> SendAsync(HttpContext context, LoadBalancerRoute route, Upstream upstream, string forwardPath)
    {
        var prefix = route.PrefixOf(upstream);
        var url = UpstreamUri.Build(prefix, context, forwardPath);
        var authority = route.AuthorityOf(upstream);
        var transport = route.Transport;
        var http1Client = transport is null ? http1 : transport.Http1;
        if (http1Client is not null && Http1Forwarder.CanForward(context, prefix))
        {
            return http1Client.SendAsync(context, prefix, url, route.Spec.ResponseTimeout, authority);
        }

        if (authority is not null)
        {
            context.Features.Set(new UpstreamAuthority(authority));
        }

        return SendWithYarpAsync(context, route, upstream, url);
    }

    /// <summary>YARP reports success for an answer <see cref="ProxyTransformer"/> refused: this reads the refusal back.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ForwarderError> SendWithYarpAsync(HttpContext context, LoadBalancerRoute route, Upstream upstream, string url)
    {
        var transport = route.Transport;
        var error = await yarp.SendAsync(
            context, url, transport?.Invoker ?? invoker, route.RequestConfigFor(upstream), transport?.Transformer ?? ProxyTransformer.Instance);
        return error == ForwarderError.None && ProxyTransformer.Refused(context) is { } refused ? refused : error;
    }
}
