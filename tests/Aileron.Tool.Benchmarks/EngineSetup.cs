using Aileron.Configuration;

namespace Aileron.Benchmarks;

/// <summary>The load balancers the benchmarks measure: N upstreams of weight 1, default table sizes.</summary>
internal static class EngineSetup
{
    public static LoadBalancerSpec Spec(LbAlgorithm algorithm, int upstreams) => ConfigNormalizer.Normalize(new LoadBalancerSpec
    {
        LbAlgorithm = algorithm,
        Upstreams = [.. Enumerable.Range(1, upstreams).Select(i => new UpstreamSpec { Url = $"http://10.0.{i / 256}.{i % 256}:8080" })],
    });
}
