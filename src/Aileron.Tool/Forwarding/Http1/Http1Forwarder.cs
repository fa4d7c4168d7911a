using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// Forwards the common request — HTTP/1.x or HTTP/2 from the client, no upgrade, no body or one framed by
/// Content-Length or chunked (<see cref="Http1Upload"/>), to an <c>http://</c> upstream — over its
/// own pooled HTTP/1.1 connections, straight from Kestrel's parsed request to
/// bytes and from the upstream's bytes to Kestrel's response, without the HttpRequestMessage /
/// HttpResponseMessage round trip of YARP and HttpClient (a third of the proxy's CPU per request
/// under load). Everything else goes through YARP. It reports failures as YARP does (a
/// <see cref="ForwarderError"/> plus an <see cref="IForwarderErrorFeature"/> carrying the same kinds
/// of exception HttpClient throws), so the handler's retry, health and problem answers do not
/// depend on which path a request took.
/// </summary>
internal sealed class Http1Forwarder : IDisposable
{
    /// <summary>How often idle connections past <see cref="Http1Pool.IdleTimeout"/> are closed.</summary>
    private static readonly TimeSpan ScavengeEvery = TimeSpan.FromSeconds(15);

    /// <summary>The sweep for response timeouts runs at a quarter of the shortest one, between these bounds.</summary>
    private static readonly TimeSpan FastestSweep = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan SlowestSweep = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Destination> _destinations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Http1Pool> _pools = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConnectTimeouts _connectTimeouts;
    private readonly TimeProvider _time;
    private readonly Http1PoolOptions? _options;
    private readonly ITimer _sweeper;
    private readonly Lock _tuning = new();
    private readonly Lock _destinationsChange = new();
    private TimeSpan _sweepEvery = SlowestSweep;
    private long _lastScavenge;

    /// <param name="options">An HTTPClient's pool and dial settings; null for aileron's defaults.</param>
    public Http1Forwarder(ConnectTimeouts connectTimeouts, TimeProvider time, Http1PoolOptions? options = null)
    {
        _connectTimeouts = connectTimeouts;
        _time = time;
        _options = options;
        _lastScavenge = time.GetTimestamp();
        _sweeper = time.CreateTimer(static s => ((Http1Forwarder)s!).Sweep(), this, SlowestSweep, SlowestSweep);
    }

    /// <summary>Whether this request to an upstream under <paramref name="prefix"/> can take this path.</summary>
    public static bool CanForward(HttpContext context, string prefix)
    {
        var request = context.Request;
        if (!prefix.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || !SpeaksTo(request))
        {
            return false;
        }

        var features = context.Features;
        if (features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
        {
            return false;
        }

        return features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
            ? request.ContentLength is null or 0 && !request.Headers.ContainsKey(HeaderNames.TransferEncoding)
            : Http1Upload.CanSend(request);
    }

    /// <summary>
    /// HTTP/1.x clients, and HTTP/2 clients (a browser or h2load over TLS) but for CONNECT: their
    /// requests map onto HTTP/1.1 as YARP maps them (Host from :authority, cookies joined, trailers
    /// back to the client). A streaming HTTP/2 body without a length (gRPC) has no HTTP/1.1 framing
    /// this client gives it, and stays with YARP.
    /// </summary>
    private static bool SpeaksTo(HttpRequest request) =>
        HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol)
        || (HttpProtocol.IsHttp2(request.Protocol) && !HttpMethods.IsConnect(request.Method));

    /// <summary>Destinations (upstream URLs) known, for tests.</summary>
    public int DestinationCount => _destinations.Count;

    /// <summary>Pools (upstream authorities) open, for tests.</summary>
    public int PoolCount => _pools.Count;

    /// <summary>
    /// Forgets the destinations not in <paramref name="prefixes"/> (upstreams no configuration serving
    /// or retiring has any more) and closes the pools no destination left uses, so a proxy reloaded
    /// a thousand times with renamed upstreams holds only what it serves.
    /// </summary>
    public void Retain(IReadOnlySet<string> prefixes)
    {
        using var change = _destinationsChange.EnterScope();
        foreach (var prefix in _destinations.Keys.Where(p => !prefixes.Contains(p)))
        {
            _destinations.TryRemove(prefix, out _);
        }

        var used = _destinations.Values.Select(d => d.Pool).ToHashSet();
        foreach (var (authority, pool) in _pools.Where(p => !used.Contains(p.Value)))
        {
            if (_pools.TryRemove(authority, out _))
            {
                pool.Dispose();
            }
        }
    }

    /// <summary>The pool of <paramref name="prefix"/>'s authority, for tests.</summary>
    public Http1Pool PoolOf(string prefix) => Resolve(prefix, null).Pool;

    /// <summary>How the client knows a destination: its URL prefix, and the Host it asks for when that is not the URL's.</summary>
    public static string KeyOf(string prefix, string? authority) => authority is null ? prefix : $"{prefix} {authority}";

    /// <summary>
    /// Forwards the request to <paramref name="url"/> (which starts with <paramref name="prefix"/>) and
    /// copies the response back. <paramref name="responseTimeout"/> bounds each silence of the upstream.
    /// </summary>
    /// <param name="authority">The Host to ask for when it is not the prefix's own (an endpoint resolved from a name).</param>
    public ValueTask<ForwarderError> SendAsync(HttpContext context, string prefix, string url, TimeSpan responseTimeout, string? authority = null)
    {
        if (responseTimeout < _sweepEvery * 4 && responseTimeout > TimeSpan.Zero)
        {
            SweepFaster(responseTimeout);
        }

        var destination = Resolve(prefix, authority);
        return Http1Exchange.ForwardAsync(context, destination.Pool, destination.HostLine, url, destination.TargetOffset, responseTimeout);
    }

    private Destination Resolve(string prefix, string? authority)
    {
        var key = KeyOf(prefix, authority);
        if (_destinations.TryGetValue(key, out var known))
        {
            return known;
        }

        // Once per destination, under the lock Retain takes, so a pool is never closed as a new destination takes it.
        lock (_destinationsChange)
        {
            var uri = new Uri(prefix, UriKind.Absolute);
            var pool = _pools.GetOrAdd(
                uri.Authority, static (_, state) => new Http1Pool(state.uri, state.self._connectTimeouts, state.self._time, state.self._options), (uri, self: this));
            var pathStart = prefix.IndexOf('/', "http://".Length);
            var hostLine = authority is null ? pool.HostLine : Encoding.ASCII.GetBytes($"Host: {authority}\r\n");
            return _destinations.GetOrAdd(key, new Destination(pool, pathStart < 0 ? prefix.Length : pathStart, hostLine));
        }
    }

    private void SweepFaster(TimeSpan timeout)
    {
        var every = TimeSpan.FromTicks(Math.Max(FastestSweep.Ticks, timeout.Ticks / 4));
        lock (_tuning)
        {
            if (every < _sweepEvery)
            {
                _sweepEvery = every;
                _sweeper.Change(every, every);
            }
        }
    }

    /// <summary>Closes the connections silent past their response timeout; every <see cref="ScavengeEvery"/>, the idle ones past theirs.</summary>
    private void Sweep()
    {
        var scavenge = _time.GetElapsedTime(_lastScavenge) >= ScavengeEvery;
        if (scavenge)
        {
            _lastScavenge = _time.GetTimestamp();
        }

        foreach (var pool in _pools.Values)
        {
            pool.Sweep();
            if (scavenge)
            {
                pool.CloseExpired();
            }
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }
    }

    /// <param name="TargetOffset">Where the path starts in a URL built on the prefix.</param>
    /// <param name="HostLine">The request's Host header line.</param>
    private sealed record Destination(Http1Pool Pool, int TargetOffset, byte[] HostLine);

}
