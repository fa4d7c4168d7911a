using System.Diagnostics.Metrics;
using System.Globalization;
using Aileron.Balancing;
using Aileron.Routing;

namespace Aileron.Observability;

/// <summary>
/// The proxy's instruments, on a <see cref="System.Diagnostics.Metrics.Meter"/> named
/// <see cref="MeterName"/>, exported by the admin listener's <c>GET /metrics</c>: requests by load
/// balancer, upstream and status code, their duration, and per upstream its health and requests in
/// flight. Recording a request allocates nothing: every tag value is a string made ahead (the route's
/// and upstream's names, the status code's text from a table), and the gauges are read only when scraped.
/// One instance per proxy host, so hosts in one process (tests) keep their numbers apart.
/// </summary>
internal sealed class ProxyMetrics : IDisposable
{
    public const string MeterName = "Aileron";

    /// <summary>Seconds; from half a millisecond (a loopback upstream) to a minute (the default response timeout).</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private static readonly string[] Codes = [.. Enumerable.Range(0, 1000).Select(c => c.ToString(CultureInfo.InvariantCulture))];
    private static readonly string[] Classes = [.. Enumerable.Range(0, 10).Select(c => $"{c}xx")];
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;

    /// <param name="coordinators">The coordinators serving now, read at each scrape for the gauges.</param>
    /// <param name="resolveFailures">Failed lookups of <c>resolve: true</c> upstream names since start.</param>
    public ProxyMetrics(Func<IReadOnlyList<IHealthGauges>> coordinators, Func<long>? resolveFailures = null)
    {
        Meter = new Meter(MeterName);
        _requests = Meter.CreateCounter<long>(
            "aileron.requests",
            unit: null,
            "Requests answered, by load balancer (lb), upstream and status code (code); lb and upstream are empty when the proxy answered before picking one");
        _duration = Meter.CreateHistogram(
            "aileron.request.duration",
            "s",
            "Time from the request's arrival to the end of its answer, by load balancer, upstream and status class (code_class: 2xx, 5xx, …)",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Meter.CreateObservableGauge(
            "aileron.upstream.healthy",
            () => PerUpstream(coordinators(), (_, u) => u.IsHealthy ? 1 : 0),
            unit: null,
            "1 while the upstream is in its load balancer's rotation, 0 while active checks fail it or it is ejected (enabled upstreams only)");
        Meter.CreateObservableGauge(
            "aileron.upstream.in_flight",
            () => PerUpstream(coordinators(), (_, u) => u.InFlight),
            unit: null,
            "Requests being forwarded to the upstream now");
        Meter.CreateObservableCounter(
            "aileron.upstream.ejections",
            () => PerUpstream(coordinators(), (c, u) => c.EjectionsOf(u)),
            unit: null,
            "Times passive checks ejected the upstream since start");
        Meter.CreateObservableCounter(
            "aileron.upstream.resolve.failures",
            () => resolveFailures?.Invoke() ?? 0,
            unit: null,
            "Lookups of resolve: true upstream names that failed (the last good addresses kept serving)");
        Meter.CreateObservableGauge(
            "aileron.load_balancer.panicking",
            () => coordinators().Select(c => new Measurement<int>(c.IsPanicking ? 1 : 0, new KeyValuePair<string, object?>("lb", c.Balancer.Name))),
            unit: null,
            "1 while no upstream of the load balancer is healthy and traffic spreads over all enabled ones (panic mode)");
    }

    public Meter Meter { get; }

    /// <summary>The request hot path: one count and one duration, both with pre-made tag values.</summary>
    /// <param name="route">Null when no load balancer matched.</param>
    /// <param name="upstream">The last upstream tried; null when none was picked.</param>
    public void RequestCompleted(LoadBalancerRoute? route, Upstream? upstream, int status, TimeSpan elapsed)
    {
        var lb = new KeyValuePair<string, object?>("lb", route?.Name ?? string.Empty);
        var to = new KeyValuePair<string, object?>("upstream", upstream?.Url ?? string.Empty);
        var known = (uint)status < (uint)Codes.Length;
        _requests.Add(1, lb, to, new KeyValuePair<string, object?>("code", known ? Codes[status] : "other"));
        _duration.Record(elapsed.TotalSeconds, lb, to, new KeyValuePair<string, object?>("code_class", known ? Classes[status / 100] : "other"));
    }

    public void Dispose() => Meter.Dispose();

    private static IEnumerable<Measurement<T>> PerUpstream<T>(IReadOnlyList<IHealthGauges> coordinators, Func<IHealthGauges, Upstream, T> value)
        where T : struct
    {
        foreach (var coordinator in coordinators)
        {
            foreach (var upstream in coordinator.Balancer.Upstreams.Where(u => u.IsEnabled))
            {
                yield return new Measurement<T>(
                    value(coordinator, upstream),
                    new KeyValuePair<string, object?>("lb", coordinator.Balancer.Name),
                    new KeyValuePair<string, object?>("upstream", upstream.Url));
            }
        }
    }
}
