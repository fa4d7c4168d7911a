using System.Net;
using System.Text;

namespace Aileron.Forwarding.Http1;

/// <summary>
/// The idle HTTP/1.1 connections to one upstream authority (host and port), most recently used
/// first so a burst's connections stay warm and the rest age out. A connection idle for longer than
/// the idle timeout (<see cref="IdleTimeout"/>, HttpClient's default, unless the HTTPClient sets
/// idleConnTimeout) is closed rather than reused, since upstreams close idle keep-alive connections
/// on their own schedule. With keep-alive off (disableKeepAlives) each request asks the upstream to
/// close, and no connection is kept.
/// </summary>
internal sealed class Http1Pool : IDisposable
{
    /// <summary>How long an idle connection is kept: SocketsHttpHandler's PooledConnectionIdleTimeout.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(1);

    /// <summary>How many of the most recently returned idle connections are searched for one on the renting thread.</summary>
    public const int HomeSearch = 8;

    /// <summary>Idle connections, the most recently returned last.</summary>
    private readonly List<Http1Connection> _idle = [];
    private readonly HashSet<Http1Connection> _open = [];
    private readonly Lock _lock = new();
    private readonly DnsEndPoint _endPoint;
    private readonly ConnectTimeouts _connectTimeouts;
    private readonly TimeProvider _time;
    private readonly Http1PoolOptions _options;
    private bool _disposed;

    public Http1Pool(Uri upstream, ConnectTimeouts connectTimeouts, TimeProvider time, Http1PoolOptions? options = null)
    {
        _endPoint = new DnsEndPoint(upstream.IdnHost.Trim('[', ']'), upstream.Port);
        _connectTimeouts = connectTimeouts;
        _time = time;
        _options = options ?? Http1PoolOptions.Default;
        var host = upstream.HostNameType == UriHostNameType.IPv6 ? $"[{_endPoint.Host}]" : upstream.IdnHost;
        // Written with every request head; without keep-alive it asks the upstream to close after answering.
        HostLine = Encoding.ASCII.GetBytes(
            $"Host: {(upstream.IsDefaultPort ? host : $"{host}:{upstream.Port}")}\r\n{(_options.KeepAlive ? string.Empty : "Connection: close\r\n")}");
    }

    /// <summary>The request's Host header line, naming the upstream as HttpClient would (and <c>Connection: close</c> without keep-alive).</summary>
    public byte[] HostLine { get; }

    /// <summary>Idle connections now, for tests.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>
    /// The most recently returned idle connection young enough to reuse, its response read already
    /// started (<see cref="Http1Connection.TryStartReadAhead"/>), preferring one whose answers complete
    /// on the calling thread; null when there is none.
    /// </summary>
    public Http1Connection? Rent() => Rent(Environment.CurrentManagedThreadId);

    /// <summary>As <see cref="Rent()"/>, preferring a connection whose <see cref="Http1Connection.Home"/> is <paramref name="thread"/>.</summary>
    public Http1Connection? Rent(int thread)
    {
        var now = _time.GetTimestamp();
        while (true)
        {
            Http1Connection? connection;
            lock (_lock)
            {
                if (_idle.Count == 0)
                {
                    return null;
                }

                connection = TakeIdle(thread);
            }

            // A connection the upstream wrote to or closed while it was idle is never used again.
            if (_time.GetElapsedTime(connection.IdleSince, now) < _options.IdleTimeout && connection.TryStartReadAhead())
            {
                return connection;
            }

            connection.Dispose();
        }
    }

    /// <summary>Opens a new connection, honouring the upstream's connect timeout and the HTTPClient's dialer.</summary>
    public async ValueTask<Http1Connection> ConnectAsync(CancellationToken cancellationToken)
    {
        var timeout = _connectTimeouts.For(_endPoint.Host, _endPoint.Port);
        var socket = await _options.Dialer.ConnectAsync(_endPoint, timeout, cancellationToken);
        var connection = new Http1Connection(socket, _time, Forget);
        lock (_lock)
        {
            _open.Add(connection);
        }

        return connection;
    }

    /// <summary>Closes the connections whose exchange has been silent past its response timeout.</summary>
    public void Sweep()
    {
        var now = _time.GetTimestamp();
        Http1Connection[] open;
        lock (_lock)
        {
            open = [.. _open];
        }

        foreach (var connection in open)
        {
            connection.ExpireIfSilentSince(now);
        }
    }

    /// <summary>Keeps a connection whose last exchange ended cleanly for the next request.</summary>
    public void Return(Http1Connection connection)
    {
        connection.IdleSince = _time.GetTimestamp();
        lock (_lock)
        {
            if (!_disposed && _options.KeepAlive && _idle.Count < _options.MaxIdle)
            {
                _idle.Add(connection);
                return;
            }
        }

        connection.Dispose();
    }

    /// <summary>
    /// Closes the connections idle for longer than <see cref="IdleTimeout"/>, and those the upstream
    /// closed (or wrote to) while idle; returns how many are left.
    /// </summary>
    public int CloseExpired()
    {
        var now = _time.GetTimestamp();
        var expired = new List<Http1Connection>();
        int left;
        lock (_lock)
        {
            _idle.RemoveAll(connection =>
            {
                var gone = _time.GetElapsedTime(connection.IdleSince, now) >= _options.IdleTimeout || connection.HasSpokenWhileIdle();
                if (gone)
                {
                    expired.Add(connection);
                }

                return gone;
            });

            left = _idle.Count;
        }

        expired.ForEach(c => c.Dispose());
        return left;
    }

    /// <summary>
    /// The most recently returned idle connection whose answers complete on <paramref name="thread"/>,
    /// among the last <see cref="HomeSearch"/>; else the most recent. A request whose client and upstream
    /// sockets share one event thread runs on that thread alone, as a request does in one nginx worker,
    /// and waits on one thread being scheduled instead of two: with two event threads on two busy cores
    /// this halved the p99 (docs/performance.md).
    /// </summary>
    private Http1Connection TakeIdle(int thread)
    {
        var last = _idle.Count - 1;
        var take = last;
        for (var i = last; i >= Math.Max(0, last - HomeSearch + 1); i--)
        {
            if (_idle[i].Home == thread)
            {
                take = i;
                break;
            }
        }

        var connection = _idle[take];
        _idle.RemoveAt(take);
        return connection;
    }

    private void Forget(Http1Connection connection)
    {
        lock (_lock)
        {
            _open.Remove(connection);
        }
    }

    public void Dispose()
    {
        Http1Connection[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }

        foreach (var connection in idle)
        {
            connection.Dispose();
        }
    }
}
