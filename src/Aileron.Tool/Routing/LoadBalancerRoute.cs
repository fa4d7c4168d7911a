using Aileron.Balancing;
using Aileron.Configuration.Model;
using Aileron.Forwarding;
using Aileron.Forwarding.Transport;
using Aileron.Patterns;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Routing;

/// <summary>
/// One load balancer of a ReverseProxyHandler, compiled for the request path: its matchers (methods,
/// hosts, header/query/path-param matchers, then path matchers, tested in AILERON's order), the engine
/// that picks an upstream, the key extractor of hash algorithms, each upstream's URL prefix, and the
/// forwarding settings: the HTTPClient's transport when the handler names one, and YARP's request
/// settings per upstream (the HTTP version its scheme and the HTTPClient call for). Built once per
/// config; shared by every handler that references it.
/// </summary>
internal sealed class LoadBalancerRoute
{
    private readonly MethodSet _methods;
    private readonly string[] _hosts;
    private readonly ParamMatcher[] _params;
    private readonly PathMatcher[] _paths;
    private readonly string[] _prefixes;
    private readonly string?[] _authorities;
    private readonly ForwarderRequestConfig[] _requestConfigs;

    /// <param name="transport">The HTTPClient's transport; null: aileron's default client.</param>
    public LoadBalancerRoute(LoadBalancerConfig config, LoadBalancer balancer, UpstreamTransport? transport = null)
    {
        var spec = config.Spec;
        Name = config.Name;
        Balancer = balancer;
        Spec = spec;
        _methods = MethodSet.Of(spec.Methods);
        _hosts = [.. spec.Hosts];
        _params =
        [
            .. spec.PathParamMatchers.Where(m => m.Key.Length > 0).Select(m => ParamMatcher.Create(ParamSource.PathParam, m)),
            .. spec.HeaderMatchers.Where(m => m.Key.Length > 0).Select(m => ParamMatcher.Create(ParamSource.Header, m)),
            .. spec.QueryMatchers.Where(m => m.Key.Length > 0).Select(m => ParamMatcher.Create(ParamSource.Query, m)),
        ];
        var pathSpecs = spec.AllPathMatchers.Count > 0
            ? spec.AllPathMatchers
            : [new PathMatcherSpec { Match = "/", MatchType = MatchType.Prefix }];
        _paths = [.. pathSpecs.Select(PathMatcher.Create)];
        Keys = LbAlgorithms.IsHash(spec.LbAlgorithm) ? KeyExtractor.Create(spec.Hasher) : null;
        _prefixes = [.. balancer.Upstreams.Select(u => u.Url.TrimEnd('/'))];
        _authorities = [.. spec.Upstreams.Select(u => u.ResolvedFrom is { } declared ? new Uri(declared).Authority : null)];
        Transport = transport;
        RequestConfig = new ForwarderRequestConfig { ActivityTimeout = spec.ResponseTimeout };
        _requestConfigs = transport is null
            ? [.. _prefixes.Select(_ => RequestConfig)]
            : [.. _prefixes.Select(p => RequestConfigOf(p, transport.Options, spec.ResponseTimeout))];
    }

    /// <summary>The HTTPClient's transport; null when the handler names none.</summary>
    public UpstreamTransport? Transport { get; }

    /// <summary>The handler's namespace/name and the balancer's index: <c>default/default[0]</c>.</summary>
    public string Name { get; }

    public LoadBalancerSpec Spec { get; }

    public LoadBalancer Balancer { get; }

    /// <summary>Reads the request key for hash algorithms; null for the others, which need none.</summary>
    public KeyExtractor? Keys { get; }

    /// <summary>YARP's per-request settings (the response timeout), built once.</summary>
    public ForwarderRequestConfig RequestConfig { get; }

    public IReadOnlyList<PathMatcher> PathMatchers => _paths;

    /// <summary>YARP's settings for a request to <paramref name="upstream"/>.</summary>
    public ForwarderRequestConfig RequestConfigFor(Upstream upstream) => _requestConfigs[upstream.Index];

    private static ForwarderRequestConfig RequestConfigOf(string prefix, UpstreamTransportOptions options, TimeSpan responseTimeout)
    {
        var (version, policy) = options.VersionFor(prefix.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        return new ForwarderRequestConfig { ActivityTimeout = responseTimeout, Version = version, VersionPolicy = policy };
    }

    /// <summary>The upstream's URL without a trailing slash: what the forwarded path is appended to.</summary>
    public string PrefixOf(Upstream upstream) => _prefixes[upstream.Index];

    /// <summary>
    /// The Host an endpoint resolved from a name is asked for: the name (and port) of the upstream as
    /// configured, as nginx's <c>resolve</c> sends it; null for an upstream whose URL says its host.
    /// </summary>
    public string? AuthorityOf(Upstream upstream) => _authorities[upstream.Index];

    /// <summary>
    /// Tests the request against every matcher; on a match <paramref name="forwardPath"/> is the
    /// rewritten path (the same instance as <paramref name="path"/> when nothing rewrote it).
    /// </summary>
    public bool TryMatch(HttpContext context, string path, int methodBit, in PathParameters parameters, out string forwardPath)
    {
        forwardPath = path;
        if (!_methods.IsAny && !_methods.Contains(methodBit))
        {
            return false;
        }

        if (_hosts.Length > 0 && !MatchesHost(context.Request.Headers.Host.ToString()))
        {
            return false;
        }

        foreach (var matcher in _params)
        {
            if (!matcher.IsMatch(context, parameters))
            {
                return false;
            }
        }

        foreach (var matcher in _paths)
        {
            if (matcher.TryMatch(path, out forwardPath))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The Host header as sent (AILERON compares it whole) or without its port, ignoring case.</summary>
    private bool MatchesHost(string host)
    {
        var name = HostName(host);
        foreach (var candidate in _hosts)
        {
            if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase) || host.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The host of a Host header without its port: <c>example.com</c>, <c>[::1]</c>.</summary>
    public static ReadOnlySpan<char> HostName(ReadOnlySpan<char> host)
    {
        var colon = host.LastIndexOf(':');
        return colon >= 0 && host.LastIndexOf(']') < colon ? host[..colon] : host;
    }

    public override string ToString() => Name;
}
