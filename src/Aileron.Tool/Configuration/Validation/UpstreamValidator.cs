using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;

namespace Aileron.Configuration.Validation;

/// <summary>
/// The rules of one upstream of a load balancer, each reported at the value: its URL, weight and
/// discovery, where and how often it is probed, and the health tuning that only matters when its
/// active or passive check is on. Apart from <see cref="ConfigValidator"/> because an upstream has
/// more rules than any other part of a ReverseProxyHandler.
/// </summary>
internal static class UpstreamValidator
{
    /// <summary>
    /// Reports what is wrong with <paramref name="upstream"/>; the rules of its load balancer (its
    /// table, hasher, URLs listed twice) stay with <see cref="ConfigValidator"/>.
    /// </summary>
    public static void Validate(UpstreamSpec upstream, DiagnosticBag d)
    {
        ValidateResolve(upstream, d);
        if (upstream.Url.Length == 0)
        {
            d.Error(upstream.Position, $"{upstream.Path}: missing url: add 'url: http://host:port'");
        }
        else if (!TryParseHttpUrl(upstream.Url, out var error))
        {
            d.Error(upstream.PositionOf("url"), $"{upstream.Path}.url: {error}");
        }

        if (upstream.Weight is < -1 or > UpstreamSpec.MaxWeight)
        {
            d.Error(
                upstream.PositionOf("weight"),
                $"{upstream.Path}.weight: {upstream.Weight} is out of range: use 1 to {UpstreamSpec.MaxWeight} (0 means 1, -1 disables)");
        }

        if (upstream.InitialDelay < 0)
        {
            d.Error(upstream.PositionOf("initialDelay"), $"{upstream.Path}.initialDelay: must be 0 or more seconds");
        }

        if (upstream.HealthCheckInterval < 0)
        {
            d.Error(upstream.PositionOf("healthCheckInterval"), $"{upstream.Path}.healthCheckInterval: must be 1 or more seconds");
        }

        if (upstream.HealthCheckAddr.Length > 0 && !IsHealthCheckAddr(upstream.HealthCheckAddr, out var addrError))
        {
            d.Error(upstream.PositionOf("healthCheckAddr"), $"{upstream.Path}.healthCheckAddr: {addrError}");
        }

        if (!upstream.EnableActive && upstream.HealthCheckAddr.Length > 0)
        {
            d.Warning(
                upstream.PositionOf("healthCheckAddr"),
                $"{upstream.Path}.healthCheckAddr: set but enableActive is false, so nothing probes it; add 'enableActive: true'");
        }

        ValidateHealthTuning(upstream, d);
    }

    /// <summary>True for an absolute http:// or https:// URL with a host and no query or fragment.</summary>
    public static bool TryParseHttpUrl(string url, out string error)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = $"'{url}' is not an absolute URL: expected http://host:port or https://host:port, with an optional base path";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            error = $"'{url}' uses {uri.Scheme}://: upstreams must be http:// or https://";
            return false;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"'{url}' has a query or fragment: an upstream URL is a base (scheme, host, port, path)";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary><c>resolve: true</c> needs a host name to look up, and an interval to look it up again.</summary>
    private static void ValidateResolve(UpstreamSpec upstream, DiagnosticBag d)
    {
        if (upstream.IsSet("resolveInterval") && upstream.ResolveInterval <= TimeSpan.Zero)
        {
            d.Error(upstream.PositionOf("resolveInterval"), $"{upstream.Path}.resolveInterval: must be longer than 0, e.g. 30s");
        }

        if (upstream.Resolve && Uri.TryCreate(upstream.Url, UriKind.Absolute, out var uri) && uri.HostNameType != UriHostNameType.Dns)
        {
            d.Warning(upstream.PositionOf("resolve"), $"{upstream.Path}.resolve: {uri.Host} is an address, not a name: there is nothing to look up");
        }
    }

    private static void ValidateHealthTuning(UpstreamSpec upstream, DiagnosticBag d)
    {
        AtLeastOne(upstream, "healthyThreshold", upstream.HealthyThreshold, "passing probes", d);
        AtLeastOne(upstream, "unhealthyThreshold", upstream.UnhealthyThreshold, "failing probes", d);
        AtLeastOne(upstream, "consecutiveFailures", upstream.ConsecutiveFailures, "failed requests", d);
        Positive(upstream, "healthCheckTimeout", upstream.HealthCheckTimeout, d);
        Positive(upstream, "baseEjectionTime", upstream.BaseEjectionTime, d);
        if (upstream.MaxEjectionTime < upstream.BaseEjectionTime && !upstream.InvalidFields.Contains("baseEjectionTime"))
        {
            d.Error(
                upstream.PositionOf("maxEjectionTime"),
                $"{upstream.Path}.maxEjectionTime: {DurationParser.Format(upstream.MaxEjectionTime)} is shorter than baseEjectionTime {DurationParser.Format(upstream.BaseEjectionTime)}: the cap must be at least the first cool-down");
        }

        var interval = TimeSpan.FromSeconds(Math.Max(upstream.HealthCheckInterval, 1));
        if (upstream.EnableActive && upstream.HealthCheckTimeout > interval)
        {
            d.Warning(
                upstream.PositionOf("healthCheckTimeout"),
                $"{upstream.Path}.healthCheckTimeout: {DurationParser.Format(upstream.HealthCheckTimeout)} is longer than healthCheckInterval ({upstream.HealthCheckInterval}s): a slow upstream is probed less often than asked");
        }

        // A default written out (as validate --print does) is not a mistake; only a tuned value is.
        foreach (var (field, enabled, switchName, tuned) in HealthTuningFields(upstream))
        {
            if (!enabled && tuned && upstream.IsSet(field))
            {
                d.Warning(
                    upstream.PositionOf(field),
                    $"{upstream.Path}.{field}: set but {switchName} is false, so it has no effect; add '{switchName}: true'");
            }
        }
    }

    private static (string Field, bool Enabled, string Switch, bool Tuned)[] HealthTuningFields(UpstreamSpec u) =>
    [
        ("healthyThreshold", u.EnableActive, "enableActive", u.HealthyThreshold != UpstreamSpec.DefaultHealthyThreshold),
        ("unhealthyThreshold", u.EnableActive, "enableActive", u.UnhealthyThreshold != UpstreamSpec.DefaultUnhealthyThreshold),
        ("consecutiveFailures", u.EnablePassive, "enablePassive", u.ConsecutiveFailures != UpstreamSpec.DefaultConsecutiveFailures),
        ("baseEjectionTime", u.EnablePassive, "enablePassive", u.BaseEjectionTime != UpstreamSpec.DefaultBaseEjectionTime),
        ("maxEjectionTime", u.EnablePassive, "enablePassive", u.MaxEjectionTime != UpstreamSpec.DefaultMaxEjectionTime),
    ];

    private static void AtLeastOne(UpstreamSpec upstream, string field, int value, string what, DiagnosticBag d)
    {
        if (value < 1)
        {
            d.Error(upstream.PositionOf(field), $"{upstream.Path}.{field}: {value} must be 1 or more {what}");
        }
    }

    private static void Positive(UpstreamSpec upstream, string field, TimeSpan value, DiagnosticBag d)
    {
        if (value <= TimeSpan.Zero && !upstream.InvalidFields.Contains(field))
        {
            d.Error(upstream.PositionOf(field), $"{upstream.Path}.{field}: must be longer than 0, e.g. 500ms or 5s");
        }
    }

    private static bool IsHealthCheckAddr(string addr, out string error)
    {
        if (addr.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            if (Uri.TryCreate(addr, UriKind.Absolute, out var tcp) && tcp.Host.Length > 0 && !tcp.IsDefaultPort && tcp.Port > 0)
            {
                error = string.Empty;
                return true;
            }

            error = $"'{addr}' must be tcp://host:port";
            return false;
        }

        return TryParseHttpUrl(addr, out error) || Fail(addr, out error);

        static bool Fail(string addr, out string error)
        {
            error = $"'{addr}' must be an http(s):// URL to GET or tcp://host:port to connect to";
            return false;
        }
    }
}
