using Aileron.Health;

namespace Aileron.Tests.TestSupport;

/// <summary>A probe whose answer the test sets: up or down, counting how often it was asked.</summary>
internal sealed class ScriptedProbe
{
    private int _calls;
    private volatile bool _up = true;

    public int Calls => Volatile.Read(ref _calls);

    public bool Up
    {
        get => _up;
        set => _up = value;
    }

    public Task<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return Task.FromResult(_up
            ? HealthProbeResult.Up(TimeSpan.FromMilliseconds(2), "HTTP 200")
            : HealthProbeResult.Down(TimeSpan.FromMilliseconds(1), "connection refused"));
    }
}
