using Aileron.Balancing;

namespace Aileron.Configuration.Model;

[NotSupportedFields("hashers")]
internal sealed record LoadBalancerSpec : ConfigNode
{
    public LbAlgorithm LbAlgorithm { get; init; } = LbAlgorithm.RoundRobin;

    public IReadOnlyList<UpstreamSpec> Upstreams { get; init; } = [];

    public PathMatcherSpec? PathMatcher { get; init; }

    public IReadOnlyList<PathMatcherSpec> PathMatchers { get; init; } = [];

    public IReadOnlyList<HttpMethodName> Methods { get; init; } = [];

    public IReadOnlyList<string> Hosts { get; init; } = [];

    public IReadOnlyList<ParamMatcherSpec> PathParamMatchers { get; init; } = [];

    public IReadOnlyList<ParamMatcherSpec> HeaderMatchers { get; init; } = [];

    public IReadOnlyList<ParamMatcherSpec> QueryMatchers { get; init; } = [];

    /// <summary>
    /// AILERON's table size for the hash algorithms: the Maglev lookup table (a prime, default
    /// 65537) or the minimum number of RingHash ring points (default 65536). 0 means the default.
    /// </summary>
    public int HashTableSize { get; init; }

    public HasherSpec? Hasher { get; init; }

    /// <summary>
    /// aileron: bounded-load consistent hashing for RingHash and Maglev (Envoy's
    /// <c>hash_balance_factor</c>, as a ratio): no upstream takes more than this times its share of
    /// the requests in flight; keys over it go to their next choice. 0 (the default) turns it off;
    /// otherwise at least 1, e.g. 1.25.
    /// </summary>
    [AileronExtension]
    public double HashBalanceFactor { get; init; }

    /// <summary>
    /// aileron: the longest a TCP connect to an upstream may take before it counts as failed (an
    /// idempotent request without a body is then retried on another upstream, else answered 504).
    /// </summary>
    [AileronExtension]
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// aileron: the longest an upstream may stay silent (before its response headers, or between two
    /// reads of a body) before the request is answered 504, or cut if the response had started.
    /// </summary>
    [AileronExtension]
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The engine this load balancer runs on, the same in <c>serve</c> and in <c>simulate</c>.</summary>
    public LoadBalancer CreateBalancer(RandomSource random, string name = "") =>
        new(
            LbAlgorithm,
            Upstreams.Select(u => (u.Url, u.Weight)),
            new BalancerContext(random, HashTableSize != 0 ? HashTableSize : LbAlgorithms.DefaultTableSize(LbAlgorithm))
            {
                HashBalanceFactor = HashBalanceFactor,
            },
            name);

    /// <summary>Every path matcher: <see cref="PathMatcher"/> first, then <see cref="PathMatchers"/>, as AILERON orders them.</summary>
    public IReadOnlyList<PathMatcherSpec> AllPathMatchers =>
        PathMatcher is null ? PathMatchers : [PathMatcher, .. PathMatchers];
}
