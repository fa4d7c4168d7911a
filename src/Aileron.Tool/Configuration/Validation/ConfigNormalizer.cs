using Aileron.Balancing;
using Aileron.Configuration.Model;
using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Configuration.Validation;

/// <summary>
/// Fills the defaults that depend on other fields, so what runs and what <c>--print</c> shows is the
/// effective config: weight 0 → 1, a match-all path matcher when none is given, a ClientAddr hasher
/// and the default table size for the hash algorithms.
/// </summary>
internal static class ConfigNormalizer
{
    public static Resource Normalize(Resource resource) => resource.Spec switch
    {
        ReverseProxyHandlerSpec proxy => resource with
        {
            Spec = proxy with { LoadBalancers = [.. proxy.LoadBalancers.Select(Normalize)] },
        },
        HttpServerSpec server => resource with { Spec = ServerTransportNormalizer.Normalize(server) },
        ErrorHandlerSpec errors => resource with
        {
            Spec = errors with { ErrorMessages = [.. errors.ErrorMessages.Select(Normalize)] },
        },
        _ => resource,
    };

    /// <summary>A template file is read once, when the config loads (as AILERON reads it), into <c>template</c>, which is what runs and prints.</summary>
    private static ErrorMessageSpec Normalize(ErrorMessageSpec message) => message with
    {
        MimeContents = [.. message.MimeContents.Select(c => c.TemplateFile.Length == 0 ? c : c with
        {
            Template = ErrorHandlerValidator.TemplateText(c, out _) ?? string.Empty,
            TemplateFile = string.Empty,
        })],
    };

    public static LoadBalancerSpec Normalize(LoadBalancerSpec lb)
    {
        var hashing = LbAlgorithms.IsHash(lb.LbAlgorithm);
        return lb with
        {
            Upstreams = [.. lb.Upstreams.Select(Normalize)],
            PathMatcher = lb.PathMatcher is null && lb.PathMatchers.Count == 0
                ? new PathMatcherSpec { Match = "/", MatchType = MatchType.Prefix, Position = lb.Position, Path = $"{lb.Path}.pathMatcher" }
                : lb.PathMatcher,
            Hasher = hashing && lb.Hasher is null
                ? new HasherSpec { Position = lb.Position, Path = $"{lb.Path}.hasher" }
                : lb.Hasher,
            HashTableSize = lb.HashTableSize != 0 ? lb.HashTableSize : LbAlgorithms.DefaultTableSize(lb.LbAlgorithm),
        };
    }

    private static UpstreamSpec Normalize(UpstreamSpec upstream) => upstream with
    {
        Weight = WeightMath.Effective(upstream.Weight),
        HealthCheckInterval = upstream.HealthCheckInterval == 0 ? 1 : upstream.HealthCheckInterval,
    };
}
