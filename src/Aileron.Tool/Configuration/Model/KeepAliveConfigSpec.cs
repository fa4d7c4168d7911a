namespace Aileron.Configuration.Model;

/// <summary>TCP keep-alive probes on accepted connections (AILERON's <c>listenConfig.keepAliveConfig</c>); times in seconds.</summary>
internal sealed record KeepAliveConfigSpec : ConfigNode
{
    public bool Disable { get; init; }

    /// <summary>Seconds a connection is idle before the first probe; 0: 15, Go's default.</summary>
    public int Idle { get; init; }

    /// <summary>Seconds between probes; 0: 15.</summary>
    public int Interval { get; init; }

    /// <summary>Unanswered probes before the connection is dropped; 0: 9.</summary>
    public int Count { get; init; }
}
