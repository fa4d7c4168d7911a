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

    private readonly Stack<Http1Connection> _idle = new();
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
    /// started (<see cref="Http1Connection.TryStartReadAhead"/>); null when there is none.
    /// </summary>
    public Http1Connection? Rent()
    {
        var now = _time.GetTimestamp();
        while (true)
        {
            Http1Connection? connection;
            lock (_lock)
            {
                if (!_idle.TryPop(out connection))
                {
                    return null;
                }
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
                _idle.Push(connection);
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
            // Oldest first, so the young ones go back in their order, most recent on top.
            var idle = _idle.ToArray();
            _idle.Clear();
            for (var i = idle.Length - 1; i >= 0; i--)
            {
                if (_time.GetElapsedTime(idle[i].IdleSince, now) < _options.IdleTimeout && !idle[i].HasSpokenWhileIdle())
                {
                    _idle.Push(idle[i]);
                }
                else
                {
                    expired.Add(idle[i]);
                }
            }

            left = _idle.Count;
        }

        expired.ForEach(c => c.Dispose());
        return left;
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
