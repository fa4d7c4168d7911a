namespace Aileron.Tests.TestSupport;

/// <summary>How a <see cref="FaultyUpstream"/> treats the next request it reads.</summary>
internal enum UpstreamFault
{
    /// <summary>Answers 200 with a short body, as a healthy upstream does.</summary>
    None,

    /// <summary>Reads the request and never answers, holding the connection open.</summary>
    Hang,

    /// <summary>Reads the request and resets the connection (TCP RST) without a byte of answer.</summary>
    ResetBeforeResponse,

    /// <summary>Sends the headers and part of the body, then resets the connection.</summary>
    ResetMidResponse,

    /// <summary>Sends the headers, then the body one byte per <see cref="FaultyUpstream.TrickleGap"/>.</summary>
    Trickle,
}
