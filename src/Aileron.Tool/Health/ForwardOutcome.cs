namespace Aileron.Health;

/// <summary>How a forwarded request ended, as far as the upstream's health is concerned.</summary>
internal enum ForwardOutcome
{
    /// <summary>The upstream answered with a status below 500.</summary>
    Success,

    /// <summary>Connect refused or reset, TLS failure, timeout: no usable answer from the upstream.</summary>
    TransportFailure,

    /// <summary>The upstream answered 5xx.</summary>
    ServerError,

    /// <summary>The client went away; says nothing about the upstream and never counts against it.</summary>
    ClientAbort,
}
