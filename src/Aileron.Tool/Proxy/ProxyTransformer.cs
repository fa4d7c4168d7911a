using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Proxy;

/// <summary>
/// Shapes the upstream request: YARP's header copy (which drops hop-by-hop headers), then the Host
/// header dropped so the upstream sees its own authority (as AILERON and nginx do), the
/// X-Forwarded-For (appended to), X-Forwarded-Proto and X-Forwarded-Host headers set. The
/// "destination prefix" the handler passes is the whole upstream URL built by
/// <see cref="UpstreamUri"/>, so no per-request state has to travel beside the context; its parsed
/// form comes from <see cref="UpstreamUriCache"/>. Responses and trailers are copied by YARP's defaults.
/// </summary>
internal sealed class ProxyTransformer : HttpTransformer
{
    public const string ForwardedFor = "X-Forwarded-For";
    public const string ForwardedProto = "X-Forwarded-Proto";
    public const string ForwardedHost = "X-Forwarded-Host";

    public static readonly ProxyTransformer Instance = new();

    private ProxyTransformer()
    {
    }

    public override ValueTask TransformRequestAsync(
        HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        var copy = base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        if (!copy.IsCompletedSuccessfully)
        {
            return Finish(copy, httpContext, proxyRequest, destinationPrefix);
        }

        Apply(httpContext, proxyRequest, destinationPrefix);
        return default;
    }

    private static async ValueTask Finish(ValueTask copy, HttpContext context, HttpRequestMessage proxyRequest, string destinationPrefix)
    {
        await copy;
        Apply(context, proxyRequest, destinationPrefix);
    }

    private static void Apply(HttpContext context, HttpRequestMessage proxyRequest, string destinationPrefix)
    {
        var headers = proxyRequest.Headers;
        var request = context.Request;
        headers.Host = null;

        var client = ClientAddress.Of(context);
        var prior = request.Headers[ForwardedFor];
        if (prior.Count > 0)
        {
            headers.Remove(ForwardedFor);
        }

        if (client.Length > 0)
        {
            headers.TryAddWithoutValidation(
                ForwardedFor, prior.Count == 0 ? client : string.Concat(string.Join(", ", prior.ToArray()), ", ", client));
        }
        else if (prior.Count > 0)
        {
            headers.TryAddWithoutValidation(ForwardedFor, (IEnumerable<string?>)prior.ToArray());
        }

        if (request.Headers.ContainsKey(ForwardedProto))
        {
            headers.Remove(ForwardedProto);
        }

        headers.TryAddWithoutValidation(ForwardedProto, request.Scheme);

        if (request.Headers.ContainsKey(ForwardedHost))
        {
            headers.Remove(ForwardedHost);
        }

        var host = request.Headers.Host;
        if (host.Count > 0)
        {
            headers.TryAddWithoutValidation(ForwardedHost, host.ToString());
        }

        proxyRequest.RequestUri = UpstreamUriCache.Shared.Get(destinationPrefix);
    }
}
