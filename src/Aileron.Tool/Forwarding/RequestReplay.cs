using Microsoft.AspNetCore.Http;

namespace Aileron.Forwarding;

/// <summary>
/// When a request that reached an upstream (or may have) can be sent again without the client
/// asking: only when its method is idempotent (RFC 9110 9.2.2), since a replayed POST may charge a
/// card twice. A request the upstream certainly never saw (the connect failed, or a pooled
/// connection was found closed before anything was written) is not a replay and needs no rule.
/// </summary>
internal static class RequestReplay
{
    /// <summary>GET, HEAD, OPTIONS, TRACE, PUT and DELETE.</summary>
    public static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsTrace(method) || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);
}
