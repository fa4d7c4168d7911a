using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Aileron.Configuration.Model;
using Aileron.Forwarding.Transport;

namespace Aileron.Health;

/// <summary>
/// Probes an upstream once: an HTTP(S) GET that is healthy on 2xx or 3xx (redirects are reported,
/// not followed), or a TCP connect for <c>tcp://host:port</c>. Never throws for an unhealthy
/// upstream; the result says why. Shared by the active checker and <c>aileron upstreams --probe</c>,
/// so both judge an upstream alike. Thread-safe; one instance can serve every checker.
/// </summary>
internal sealed class HealthProbe : IDisposable
{
    private static readonly ProductInfoHeaderValue UserAgent = new("aileron-health-check", "1");
    private readonly HttpMessageInvoker _http;
    private readonly TimeProvider _time;

    public HealthProbe(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _http = new HttpMessageInvoker(
            new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
                // A probe connection kept past the upstream's own idle timeout would fail as a false alarm.
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
            },
            disposeHandler: true);
    }

    /// <summary>Probes <paramref name="target"/>, giving up after <paramref name="timeout"/>.</summary>
    /// <param name="via">
    /// The HTTPClient the upstream's load balancer names: the probe then goes the way requests go (its
    /// TLS trust, server name and client certificate, its HTTP version, its dialer); null: a plain probe.
    /// </param>
    /// <exception cref="OperationCanceledException">Only when <paramref name="cancellationToken"/> is cancelled (the checker is stopping).</exception>
    public async Task<HealthProbeResult> ProbeAsync(
        HealthProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken, UpstreamTransport? via = null)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = _time.GetTimestamp();
        try
        {
            return target.IsTcp
                ? await ConnectAsync(target.Uri, started, via, linked.Token)
                : await GetAsync(target.Uri, started, via, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthProbeResult.Down(_time.GetElapsedTime(started), $"timed out after {DurationParser.Format(timeout)}");
        }
        catch (HttpRequestException e)
        {
            return HealthProbeResult.Down(_time.GetElapsedTime(started), Describe(e));
        }
        catch (SocketException e)
        {
            return HealthProbeResult.Down(_time.GetElapsedTime(started), Describe(e.SocketErrorCode));
        }
        catch (IOException e)
        {
            return HealthProbeResult.Down(_time.GetElapsedTime(started), e.Message);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<HealthProbeResult> GetAsync(Uri uri, long started, UpstreamTransport? via, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.UserAgent.Add(UserAgent);
        if (via is not null)
        {
            (request.Version, request.VersionPolicy) = via.Options.VersionFor(uri.Scheme == Uri.UriSchemeHttps);
            if (via.Options.ServerName is { } name)
            {
                request.Headers.Host = uri.IsDefaultPort ? name : $"{name}:{uri.Port}";
            }
        }

        // Headers are enough to judge; disposing the response drops the body unread.
        using var response = await (via?.Invoker ?? _http).SendAsync(request, cancellationToken);
        var latency = _time.GetElapsedTime(started);
        var code = (int)response.StatusCode;
        var detail = $"HTTP {code}";
        return code is >= 200 and < 400 ? HealthProbeResult.Up(latency, detail) : HealthProbeResult.Down(latency, detail);
    }

    private async Task<HealthProbeResult> ConnectAsync(Uri uri, long started, UpstreamTransport? via, CancellationToken cancellationToken)
    {
        if (via is not null)
        {
            // Through the HTTPClient's dialer, so a replaced target is probed where requests go.
            using var socket = await via.Options.Dialer.ConnectAsync(
                new DnsEndPoint(uri.IdnHost.Trim('[', ']'), uri.Port), Timeout.InfiniteTimeSpan, cancellationToken);
            return HealthProbeResult.Up(_time.GetElapsedTime(started), "connected");
        }

        using var client = new TcpClient();
        await client.ConnectAsync(uri.IdnHost, uri.Port, cancellationToken);
        return HealthProbeResult.Up(_time.GetElapsedTime(started), "connected");
    }

    /// <summary>Why a request failed, in a few words: <c>connection refused</c>, <c>host not found</c>, <c>TLS handshake failed</c>.</summary>
    public static string Describe(HttpRequestException e) => e switch
    {
        { InnerException: SocketException s } => Describe(s.SocketErrorCode),
        { HttpRequestError: HttpRequestError.NameResolutionError } => "host not found",
        { HttpRequestError: HttpRequestError.SecureConnectionError } => "TLS handshake failed",
        { HttpRequestError: HttpRequestError.ResponseEnded } => "connection closed before a response",
        { HttpRequestError: HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError } => "not an HTTP response",
        _ => e.Message,
    };

    private static string Describe(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.ConnectionReset => "connection reset",
        SocketError.HostNotFound or SocketError.NoData => "host not found",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
        SocketError.TimedOut => "timed out",
        _ => error.ToString(),
    };
}
