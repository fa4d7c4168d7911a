using System.Buffers;
using System.Net;
using Aileron.Configuration.Model;
using Aileron.Errors;
using Aileron.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Proxying;

/// <summary>
/// What one HTTPServer accepts from its clients beyond Kestrel's own limits, and whom it believes
/// about a client's address: a body over <c>maxRequestBodySize</c> is refused (413) before any
/// upstream is contacted; a path that hides a dot segment behind an encoded slash or a backslash
/// (400) never reaches an upstream that might decode it and climb out of the prefix it was routed
/// by; a CONNECT (other than HTTP/2's extended CONNECT, which carries WebSockets) is refused (405)
/// rather than tunnelled to whatever address the client names. <see cref="TrustedProxies"/> picks
/// the address ClientAddr hashing uses.
/// </summary>
internal sealed class ClientPolicy
{
    // Kestrel has decoded the path and resolved '/'-separated dot segments; what is left that an
    // upstream could still split on is '\' and an escaped slash or backslash (e.g. %252F decoded once).
    private static readonly SearchValues<char> Suspicious = SearchValues.Create("\\%");

    private readonly long _maxBody;

    public ClientPolicy(HttpServerSpec spec)
    {
        _maxBody = spec.MaxRequestBodySize;
        Trusted = TrustedProxies.From(spec.TrustedProxies);
    }

    private ClientPolicy()
    {
        Trusted = TrustedProxies.None;
    }

    /// <summary>No limit of its own and no trusted proxy.</summary>
    public static ClientPolicy Default { get; } = new();

    public TrustedProxies Trusted { get; }

    /// <summary>Why the request must be refused before routing, or null when it may go on.</summary>
    public ProxyProblem? Check(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsConnect(request.Method) && context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect != true)
        {
            return ProxyProblem.ConnectNotAllowed;
        }

        if (_maxBody > 0)
        {
            if (request.ContentLength > _maxBody)
            {
                return ProxyProblem.BodyTooLarge;
            }

            // A body of unknown length is cut by Kestrel once it grows past the limit (and answered
            // 413). Set per request, not on Kestrel's options, so a reload can change it.
            if (request.ContentLength is null && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = _maxBody;
            }
        }

        var path = request.Path.Value;
        if (path is not null && path.AsSpan().ContainsAny(Suspicious) && HidesDotSegment(path))
        {
            return ProxyProblem.BadPath;
        }

        return null;
    }

    /// <summary>The address ClientAddr hashing uses for this request.</summary>
    public IPAddress? ClientAddress(HttpContext context) => Trusted.ClientOf(context);

    /// <summary>
    /// True when a segment is <c>.</c> or <c>..</c> once <c>\</c>, <c>%2F</c> and <c>%5C</c> count as
    /// separators and <c>%2E</c> as a dot: what an upstream that decodes once more would resolve.
    /// </summary>
    public static bool HidesDotSegment(ReadOnlySpan<char> path)
    {
        var dots = 0;
        var other = false;
        for (var i = 0; i <= path.Length; i++)
        {
            var separator = i == path.Length || path[i] is '/' or '\\';
            var escaped = 0;
            if (!separator && path[i] == '%' && i + 2 < path.Length)
            {
                var code = path.Slice(i + 1, 2);
                if (code.Equals("2F", StringComparison.OrdinalIgnoreCase) || code.Equals("5C", StringComparison.OrdinalIgnoreCase))
                {
                    separator = true;
                    escaped = 2;
                }
                else if (code.Equals("2E", StringComparison.OrdinalIgnoreCase))
                {
                    dots++;
                    i += 2;
                    continue;
                }
            }

            if (separator)
            {
                if (!other && dots is 1 or 2)
                {
                    return true;
                }

                dots = 0;
                other = false;
                i += escaped;
            }
            else if (path[i] == '.')
            {
                dots++;
            }
            else
            {
                other = true;
            }
        }

        return false;
    }
}
