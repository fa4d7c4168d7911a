namespace Aileron.Health;

/// <summary>The outcome of one probe: up or down, how long it took, and a short reason ("HTTP 200", "connection refused").</summary>
internal readonly record struct HealthProbeResult(bool Healthy, TimeSpan Latency, string Detail)
{
    public static HealthProbeResult Up(TimeSpan latency, string detail) => new(true, latency, detail);

    public static HealthProbeResult Down(TimeSpan latency, string detail) => new(false, latency, detail);
}
