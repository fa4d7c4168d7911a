using System.Text.RegularExpressions;
using Aileron.Balancing;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Patterns;
using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Configuration.Validation;

/// <summary>The rules a bound resource must satisfy beyond its shape; each reports at the offending value.</summary>
internal static partial class ConfigValidator
{
    /// <summary>Envoy's largest Maglev table; larger ones only cost memory.</summary>
    public const int MaxMaglevTableSize = 5_000_011;

    /// <summary>Envoy's default maximum ring size.</summary>
    public static void Validate(Resource resource, DiagnosticBag d)
    {
        CheckName(resource.Metadata, "name", resource.Metadata.Name, d);
        CheckName(resource.Metadata, "namespace", resource.Metadata.Namespace, d);
        switch (resource.Spec)
        {
            case HttpServerSpec server:
                ValidateServer(server, d);
                break;
            case ReverseProxyHandlerSpec proxy:
                ValidateHandlerPatterns(proxy, d);
                foreach (var lb in proxy.LoadBalancers)
                {
                    ValidateLoadBalancer(lb, d);
                }

                break;
            case ErrorHandlerSpec errorHandler:
                ErrorHandlerValidator.Validate(errorHandler, d);
                break;
            case HttpClientSpec client:
                HttpClientValidator.Validate(client, d);
                break;
        }
    }

    public static bool IsPrime(int n)
    {
        if (n < 2)
        {
            return false;
        }

        for (var i = 2; (long)i * i <= n; i++)
        {
            if (n % i == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckName(Metadata metadata, string field, string value, DiagnosticBag d)
    {
        if (!NamePattern().IsMatch(value))
        {
            d.Error(metadata.PositionOf(field), $"metadata.{field}: '{value}' may hold only letters, digits, '-' and '.'");
        }
    }

    private static void ValidateServer(HttpServerSpec server, DiagnosticBag d)
    {
        ServerTransportValidator.Validate(server, d);
        if (server.ShutdownTimeout < 0)
        {
            d.Error(server.PositionOf("shutdownTimeout"), "spec.shutdownTimeout: must be 0 or more seconds");
        }

        ValidateServerLimits(server, d);

        foreach (var vh in server.VirtualHosts)
        {
            for (var i = 0; i < vh.Hosts.Count; i++)
            {
                if (!HostPattern().IsMatch(vh.Hosts[i]))
                {
                    d.Error(
                        vh.PositionOf($"hosts[{i}]"),
                        $"{vh.Path}.hosts[{i}]: '{vh.Hosts[i]}' is not a host name (letters, digits, '-' and '.'; no port or wildcard)");
                }
            }

            if (vh.Pattern.Length > 0 && !vh.Pattern.StartsWith('/'))
            {
                d.Error(vh.PositionOf("pattern"), $"{vh.Path}.pattern: '{vh.Pattern}' must start with '/'");
            }

            foreach (var handler in vh.Handlers)
            {
                if (!RoutePattern.TryParse(handler.Pattern, out _, out var patternError))
                {
                    d.Error(handler.PositionOf("pattern"), $"{handler.Path}.pattern: {patternError}");
                }
            }
        }
    }

    /// <summary>A ReverseProxyHandler's own patterns are paths in Go ServeMux syntax, each once; AILERON refuses a method or host in them.</summary>
    private static void ValidateHandlerPatterns(ReverseProxyHandlerSpec proxy, DiagnosticBag d)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < proxy.Patterns.Count; i++)
        {
            var written = proxy.Patterns[i];
            var at = proxy.PositionOf($"patterns[{i}]");
            if (!seen.Add(written))
            {
                d.Error(at, $"spec.patterns[{i}]: '{written}' is listed twice; AILERON requires each pattern once");
                continue;
            }

            var path = GoPath.JoinHandlerPattern(string.Empty, written);
            if (!RoutePattern.TryParse(path.StartsWith('/') ? path : "/" + path, out var pattern, out var error))
            {
                d.Error(at, $"spec.patterns[{i}]: {error}");
            }
            else if (pattern.Method is not null || written.Contains(' ', StringComparison.Ordinal))
            {
                d.Error(at, $"spec.patterns[{i}]: '{written}' holds a method or a space: a pattern here is a path only (AILERON refuses it); list methods under spec.methods");
            }
        }
    }

    private static void ValidateServerLimits(HttpServerSpec server, DiagnosticBag d)
    {
        if (server.MaxRequestBodySize < 0)
        {
            d.Error(server.PositionOf("maxRequestBodySize"), "spec.maxRequestBodySize: must be 0 (no limit) or a number of bytes");
        }

        if (server.MaxRequestHeadersSize < HttpServerSpec.MinMaxRequestHeadersSize)
        {
            d.Error(
                server.PositionOf("maxRequestHeadersSize"),
                $"spec.maxRequestHeadersSize: {server.MaxRequestHeadersSize} is too small: use at least {HttpServerSpec.MinMaxRequestHeadersSize} bytes (default {HttpServerSpec.DefaultMaxRequestHeadersSize})");
        }

        foreach (var (field, value) in new[] { ("requestHeadersTimeout", server.RequestHeadersTimeout), ("keepAliveTimeout", server.KeepAliveTimeout) })
        {
            if (value <= TimeSpan.Zero && !server.InvalidFields.Contains(field))
            {
                d.Error(server.PositionOf(field), $"spec.{field}: must be longer than 0, e.g. 30s");
            }
        }

        if (server.MinDataRate < 0)
        {
            d.Error(server.PositionOf("minDataRate"), "spec.minDataRate: must be 0 (off) or a number of bytes per second");
        }

        if (server.MinDataRateGracePeriod <= TimeSpan.FromSeconds(1) && !server.InvalidFields.Contains("minDataRateGracePeriod"))
        {
            d.Error(
                server.PositionOf("minDataRateGracePeriod"),
                "spec.minDataRateGracePeriod: must be longer than 1s (the rate is checked once a second), e.g. 5s");
        }

        for (var i = 0; i < server.TrustedProxies.Count; i++)
        {
            if (!NetworkBlock.TryParse(server.TrustedProxies[i], out _, out var error))
            {
                d.Error(server.PositionOf($"trustedProxies[{i}]"), $"spec.trustedProxies[{i}]: {error}");
            }
        }
    }

    private static void ValidateLoadBalancer(LoadBalancerSpec lb, DiagnosticBag d)
    {
        if (lb.Upstreams.Count == 0)
        {
            d.Warning(
                lb.PositionOf("upstreams"),
                $"{lb.Path}: no upstreams: the requests it matches get 502, as from AILERON; add one under upstreams (- url: http://host:port)");
        }
        else if (lb.Upstreams.All(u => u.IsDisabled))
        {
            d.Warning(lb.PositionOf("upstreams"), $"{lb.Path}: every upstream has weight -1 (disabled): the requests it matches get 502, as from AILERON");
        }

        var seen = new Dictionary<string, UpstreamSpec>(StringComparer.Ordinal);
        foreach (var upstream in lb.Upstreams)
        {
            UpstreamValidator.Validate(upstream, d);
            if (!seen.TryAdd(upstream.Url, upstream))
            {
                d.Warning(
                    upstream.PositionOf("url"),
                    $"{upstream.Path}.url: {upstream.Url} is listed twice (first at line {seen[upstream.Url].Position.Line}); raise its weight instead");
            }
        }

        ValidateTableSize(lb, d);
        ValidateHashBalanceFactor(lb, d);
        ValidateHasher(lb, d);
        ValidateTimeouts(lb, d);
        foreach (var matcher in lb.AllPathMatchers)
        {
            ValidatePathMatcher(matcher, d);
        }

        foreach (var matcher in lb.HeaderMatchers.Concat(lb.QueryMatchers).Concat(lb.PathParamMatchers))
        {
            ValidateParamMatcher(matcher, d);
        }
    }

    private static void ValidateTableSize(LoadBalancerSpec lb, DiagnosticBag d)
    {
        if (!lb.IsSet("hashTableSize") || lb.InvalidFields.Contains("lbAlgorithm"))
        {
            return;
        }

        var at = lb.PositionOf("hashTableSize");
        var size = lb.HashTableSize;
        switch (lb.LbAlgorithm)
        {
            case LbAlgorithm.Maglev when size != 0 && (!IsPrime(size) || size > MaxMaglevTableSize):
                d.Error(
                    at,
                    $"{lb.Path}.hashTableSize: {size} must be a prime no larger than {MaxMaglevTableSize} for Maglev (e.g. 65537, 131071, 1048573)");
                break;
            case LbAlgorithm.Maglev when size != 0 && size < lb.Upstreams.Count * 100:
                d.Warning(
                    at, $"{lb.Path}.hashTableSize: {size} is under 100 × the number of upstreams: Maglev's spread will be uneven");
                break;
            case LbAlgorithm.RingHash when size < 0 || size > LbAlgorithms.MaxRingSize:
                d.Error(at, $"{lb.Path}.hashTableSize: {size} must be from 1 to {LbAlgorithms.MaxRingSize} ring points");
                break;
            case LbAlgorithm.RingHash or LbAlgorithm.Maglev:
                break;
            default:
                if (size < 0)
                {
                    d.Error(at, $"{lb.Path}.hashTableSize: must not be negative");
                }
                else if (size > 0)
                {
                    d.Warning(at, $"{lb.Path}.hashTableSize: used only by RingHash and Maglev; {lb.LbAlgorithm} ignores it");
                }

                break;
        }
    }

    private static void ValidateHashBalanceFactor(LoadBalancerSpec lb, DiagnosticBag d)
    {
        if (!lb.IsSet("hashBalanceFactor") || lb.InvalidFields.Contains("lbAlgorithm"))
        {
            return;
        }

        var at = lb.PositionOf("hashBalanceFactor");
        var factor = lb.HashBalanceFactor;
        if (factor != 0 && (factor < BoundedLoad.MinFactor || double.IsNaN(factor) || double.IsInfinity(factor)))
        {
            d.Error(at, $"{lb.Path}.hashBalanceFactor: {factor} must be 0 (off) or at least {BoundedLoad.MinFactor}, e.g. 1.25");
        }
        else if (factor != 0 && lb.LbAlgorithm is not (LbAlgorithm.RingHash or LbAlgorithm.Maglev))
        {
            d.Error(at, $"{lb.Path}.hashBalanceFactor: bounds the load of RingHash and Maglev; {lb.LbAlgorithm} does not hash keys onto a table");
        }
    }

    private static void ValidateTimeouts(LoadBalancerSpec lb, DiagnosticBag d)
    {
        foreach (var (field, value) in new[] { ("connectTimeout", lb.ConnectTimeout), ("responseTimeout", lb.ResponseTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                d.Error(lb.PositionOf(field), $"{lb.Path}.{field}: must be longer than 0, e.g. 5s or 500ms");
            }
        }
    }

    private static void ValidateHasher(LoadBalancerSpec lb, DiagnosticBag d)
    {
        if (lb.Hasher is not { } hasher)
        {
            return;
        }

        if (!LbAlgorithms.IsHash(lb.LbAlgorithm) && !lb.InvalidFields.Contains("lbAlgorithm"))
        {
            d.Warning(hasher.Position, $"{hasher.Path}: used only by RingHash, Maglev and DirectHash; {lb.LbAlgorithm} ignores it");
        }

        if (hasher.HashSource != HashSource.ClientAddr && hasher.Key.Length == 0)
        {
            d.Error(
                hasher.PositionOf("hashSource"),
                $"{hasher.Path}.key: hashSource {hasher.HashSource} needs a key (the {hasher.HashSource.ToString().ToLowerInvariant()} name to hash)");
        }
    }

    private static void ValidatePathMatcher(PathMatcherSpec matcher, DiagnosticBag d)
    {
        if (!TryCompile(matcher.MatchType, matcher.Match, out var error))
        {
            d.Error(matcher.PositionOf("match"), $"{matcher.Path}.match: {error}");
        }

        if (matcher.Rewrite.Length > 0 && matcher.MatchType is not (MatchType.Regex or MatchType.RegexPOSIX))
        {
            d.Warning(
                matcher.PositionOf("rewrite"),
                $"{matcher.Path}.rewrite: used only with matchType Regex or RegexPOSIX; {matcher.MatchType} ignores it");
        }
    }

    private static void ValidateParamMatcher(ParamMatcherSpec matcher, DiagnosticBag d)
    {
        if (matcher.Key.Length == 0)
        {
            d.Error(matcher.Position, $"{matcher.Path}: missing key: the name of the header, query or path parameter to match");
        }

        for (var i = 0; i < matcher.Patterns.Count; i++)
        {
            if (!TryCompile(matcher.MatchType, matcher.Patterns[i], out var error))
            {
                d.Error(matcher.PositionOf($"patterns[{i}]"), $"{matcher.Path}.patterns[{i}]: {error}");
            }
        }
    }

    private static bool TryCompile(MatchType type, string pattern, out string error)
    {
        error = string.Empty;
        Regex? ignored;
        return type switch
        {
            MatchType.Regex or MatchType.RegexPOSIX => PatternRegex.TryCreate(pattern, out ignored, out error, compile: false)
                || Prefix(ref error, $"'{pattern}' is not a valid regular expression: "),
            MatchType.Path or MatchType.FilePath => GoPathMatch.IsValid(pattern, out error)
                || Prefix(ref error, $"'{pattern}' is not a valid {type} pattern: "),
            _ => true,
        };

        static bool Prefix(ref string error, string prefix)
        {
            error = prefix + error;
            return false;
        }
    }

    [GeneratedRegex("^[0-9A-Za-z.-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[0-9a-zA-Z.-]+$")]
    private static partial Regex HostPattern();
}
