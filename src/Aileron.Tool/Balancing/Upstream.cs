namespace Aileron.Balancing;

/// <summary>
/// One upstream of a load balancer: its identity from the config and its live state (health,
/// requests in flight). Shared by every snapshot of its <see cref="LoadBalancer"/>.
/// </summary>
internal sealed class Upstream
{
    private int _inFlight;
    private volatile bool _healthy = true;

    public Upstream(int index, string url, int weight)
    {
        Index = index;
        Url = url;
        Weight = weight;
        UrlHash = KeyHasher.Hash(url);
    }

    /// <summary>Position in the load balancer's upstream list, from 0.</summary>
    public int Index { get; }

    public string Url { get; }

    /// <summary>1 to 65535; -1 when disabled by config.</summary>
    public int Weight { get; }

    /// <summary>xxHash64 of the URL: the upstream's place on rings and tables, the same in every process.</summary>
    public ulong UrlHash { get; }

    public bool IsEnabled => Weight > 0;

    /// <summary>Health as last set through <see cref="LoadBalancer.SetHealthy"/>; true until checks say otherwise.</summary>
    public bool IsHealthy => _healthy;

    /// <summary>Enabled and healthy: eligible for picks.</summary>
    public bool IsActive => IsEnabled && _healthy;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Call when a request to this upstream starts; pair with <see cref="RequestEnded"/>.</summary>
    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestEnded() => Interlocked.Decrement(ref _inFlight);

    /// <summary>Sets the flag; returns true when it changed. Only <see cref="LoadBalancer"/> calls this, then rebuilds.</summary>
    internal bool SetHealthy(bool healthy)
    {
        var was = _healthy;
        _healthy = healthy;
        return was != healthy;
    }

    public override string ToString() => Url;
}
