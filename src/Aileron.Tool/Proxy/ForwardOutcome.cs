namespace Aileron.Proxy;

/// <summary>
/// How one attempt to forward a request to an upstream ended, as health checking needs to know it:
/// only <see cref="TransportFailure"/>, <see cref="Timeout"/> and <see cref="ServerError"/> say
/// something about the upstream; a client that went away says nothing about it.
/// </summary>
internal enum ForwardOutcome
{
    /// <summary>The upstream answered with a status below 500 and the exchange completed.</summary>
    Success,

    /// <summary>The upstream answered 5xx.</summary>
    ServerError,

    /// <summary>The connection could not be made, or was refused or reset, or the response was not valid HTTP.</summary>
    TransportFailure,

    /// <summary>The upstream did not connect or answer within the load balancer's timeouts.</summary>
    Timeout,

    /// <summary>The client disconnected or its request body broke off: not the upstream's fault.</summary>
    ClientAbort,
}
