namespace Aileron.Balancing;

/// <summary>No upstream can be picked: every one is disabled (the proxy answers 503).</summary>
internal sealed class EmptySnapshot : BalancerSnapshot
{
    public static readonly EmptySnapshot Instance = new();

    public override IReadOnlyList<Upstream> Active => [];

    public override Upstream? Pick(in RequestKey key) => null;
}
