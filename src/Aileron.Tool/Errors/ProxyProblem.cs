namespace Aileron.Errors;

/// <summary>Why the proxy answered a request itself instead of relaying an upstream's answer.</summary>
internal enum ProxyProblem
{
    /// <summary>404: the request's handler has no load balancer that matches it (AILERON's E2122).</summary>
    NoRoute,

    /// <summary>502: the load balancer that matched has no upstream to pick (none listed, or every one disabled), as AILERON answers.</summary>
    NoUpstream,

    /// <summary>502: the upstream refused or reset the connection, or could not be reached.</summary>
    UpstreamUnreachable,

    /// <summary>504: the upstream did not accept the connection or answer within its timeout.</summary>
    UpstreamTimeout,

    /// <summary>502: the upstream answered with something that is not valid HTTP.</summary>
    UpstreamError,

    /// <summary>400: the client's request body could not be read.</summary>
    BadRequest,

    /// <summary>500: a fault in aileron itself.</summary>
    Internal,

    /// <summary>413: the request body is larger than the server's <c>maxRequestBodySize</c>.</summary>
    BodyTooLarge,

    /// <summary>400: the path hides a dot segment behind an encoded slash or a backslash, to climb out of a prefix.</summary>
    BadPath,

    /// <summary>405: a CONNECT request: a reverse proxy opens no tunnels to addresses a client names.</summary>
    ConnectNotAllowed,

    /// <summary>404: no virtual host or handler of the server matches the request (AILERON's E2131).</summary>
    NoHandler,
}
