using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Forwarding.Yarp;

/// <summary>
/// Shapes the upstream request: YARP's header copy (which drops hop-by-hop headers), then the
/// headers the client's Connection header lists and the Proxy header (httpoxy) dropped, the Host
/// header dropped so the upstream sees its own authority (as AILERON and nginx do), the
/// X-Forwarded-For (appended to), X-Forwarded-Port, X-Forwarded-Proto and X-Forwarded-Host headers set. The
/// "destination prefix" the handler passes is the whole upstream URL built by
/// <see cref="UpstreamUri"/>, so no per-request state has to travel beside the context; its parsed
/// form comes from <see cref="UpstreamUriCache"/>. Responses and trailers are copied by YARP's defaults,
/// less the response headers the upstream's Connection header lists. An HTTPClient's settings add
/// to this: its serverName as the Host (HttpClient takes SNI and the name it verifies from it), a
/// <c>Connection: close</c> without keep-alive, and answers held back for a retry (<see cref="RetryBudget"/>).
/// </summary>
internal sealed class ProxyTransformer : HttpTransformer
{
    /// <summary>The shaping of load balancers that name no HTTPClient.</summary>
    public static readonly ProxyTransformer Instance = new(null, false);

    private readonly string? _serverName;
    private readonly bool _close;

    /// <param name="serverName">The TLS server name to ask for and verify; null: the upstream URL's host.</param>
    /// <param name="close">Ask the upstream to close each connection after its answer (disableKeepAlives).</param>
    public ProxyTransformer(string? serverName, bool close)
    {
        _serverName = serverName;
        _close = close;
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
        Tune(proxyRequest);
        return default;
    }

    private async ValueTask Finish(ValueTask copy, HttpContext context, HttpRequestMessage proxyRequest, string destinationPrefix)
    {
        await copy;
        Apply(context, proxyRequest, destinationPrefix);
        Tune(proxyRequest);
    }

    /// <summary>The HTTPClient's additions: Host from serverName (the port kept), Connection: close.</summary>
    private void Tune(HttpRequestMessage proxyRequest)
    {
        if (_serverName is not null && proxyRequest.RequestUri is { } uri)
        {
            proxyRequest.Headers.Host = uri.IsDefaultPort ? _serverName : $"{_serverName}:{uri.Port}";
        }

        if (_close)
        {
            proxyRequest.Headers.ConnectionClose = true;
        }
    }

    /// <summary>
    /// The forward's error when <see cref="TransformResponseAsync"/> refused the upstream's answer
    /// (YARP then reports success, having copied nothing); null otherwise.
    /// </summary>
    public static ForwarderError? Refused(HttpContext context) =>
        context.Response.StatusCode == StatusCodes.Status502BadGateway && !context.Response.HasStarted
            && context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.ResponseHeaders } refused
            ? refused.Error
            : null;

    /// <summary>
    /// Refuses an answer HttpClient accepts but nginx (and aileron's own HTTP/1.1 client) do not —
    /// two framings, Transfer-Encoding in HTTP/1.0, a 101 nobody asked for — before anything of it is
    /// copied: its body unread, HttpClient closes the connection (<see cref="UpstreamClient"/> drains
    /// nothing). Otherwise YARP copies the response headers but those the upstream's Connection
    /// header lists: this removes them too.
    /// </summary>
    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is not null && Refusal(httpContext, proxyResponse) is { } why)
        {
            httpContext.Response.StatusCode = StatusCodes.Status502BadGateway;
            httpContext.Features.Set<IForwarderErrorFeature>(new ForwarderErrorFeature(
                ForwarderError.ResponseHeaders, new HttpRequestException(HttpRequestError.InvalidResponse, $"invalid response from the upstream: {why}")));
            return false;
        }

        if (proxyResponse is not null && httpContext.Features.Get<RetryBudget>() is { } budget && budget.HoldBack((int)proxyResponse.StatusCode))
        {
            // Not copied: the request goes out again, and this answer is dropped with its connection.
            return false;
        }

        var copied = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        if (proxyResponse is not null && proxyResponse.Headers.Connection.Count > 0)
        {
            var headers = httpContext.Response.Headers;
            foreach (var token in proxyResponse.Headers.Connection)
            {
                if (!token.Equals("close", StringComparison.OrdinalIgnoreCase) && !token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase))
                {
                    headers.Remove(token);
                }
            }
        }

        return copied;
    }

    private static string? Refusal(HttpContext context, HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.SwitchingProtocols
            && context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true }
            && context.Features.Get<IHttpExtendedConnectFeature>() is not { IsExtendedConnect: true })
        {
            return "101 to a request that asked for no upgrade";
        }

        if (response.Headers.NonValidated.Contains("Transfer-Encoding"))
        {
            if (response.Content.Headers.NonValidated.Contains("Content-Length"))
            {
                return "both Transfer-Encoding and Content-Length";
            }

            if (response.Version == HttpVersion.Version10)
            {
                return "Transfer-Encoding in an HTTP/1.0 response";
            }
        }

        return null;
    }

    /// <summary>HttpClient's collections throw on a name that belongs in the other one (Content-Type on request headers) or is no token.</summary>
    private static void Remove(System.Net.Http.Headers.HttpHeaders headers, string name)
    {
        try
        {
            headers.Remove(name);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // Not in this collection.
        }
    }

    private static void Apply(HttpContext context, HttpRequestMessage proxyRequest, string destinationPrefix)
    {
        var headers = proxyRequest.Headers;
        var request = context.Request;
        // The upstream sees its own authority: the URL's, or the name an endpoint was resolved from.
        headers.Host = context.Features.Get<UpstreamAuthority>()?.Authority;
        headers.Remove(HopByHopHeaders.Proxy);
        var listed = ConnectionOptions.ListedNames(context);
        if (listed is not null)
        {
            foreach (var name in listed)
            {
                Remove(headers, name);
                if (proxyRequest.Content is { } content)
                {
                    Remove(content.Headers, name);
                }
            }
        }

        var client = ClientAddress.Of(context);
        var prior = ConnectionOptions.Lists(listed, ForwardedHeaders.For) ? default : request.Headers[ForwardedHeaders.For];
        if (prior.Count > 0)
        {
            headers.Remove(ForwardedHeaders.For);
        }

        if (client.Length > 0)
        {
            headers.TryAddWithoutValidation(
                ForwardedHeaders.For, prior.Count == 0 ? client : string.Concat(string.Join(", ", prior.ToArray()), ", ", client));
        }
        else if (prior.Count > 0)
        {
            headers.TryAddWithoutValidation(ForwardedHeaders.For, (IEnumerable<string?>)prior.ToArray());
        }

        headers.Remove(ForwardedHeaders.Port);
        Span<char> port = stackalloc char[5];
        if (ClientAddress.TryFormatPort(context, port, out var digits))
        {
            headers.TryAddWithoutValidation(ForwardedHeaders.Port, port[..digits].ToString());
        }

        if (request.Headers.ContainsKey(ForwardedHeaders.Proto))
        {
            headers.Remove(ForwardedHeaders.Proto);
        }

        headers.TryAddWithoutValidation(ForwardedHeaders.Proto, request.Scheme);

        if (request.Headers.ContainsKey(ForwardedHeaders.Host))
        {
            headers.Remove(ForwardedHeaders.Host);
        }

        var host = request.Headers.Host;
        if (host.Count > 0)
        {
            headers.TryAddWithoutValidation(ForwardedHeaders.Host, host.ToString());
        }

        proxyRequest.RequestUri = UpstreamUriCache.Shared.Get(destinationPrefix);
    }
}
