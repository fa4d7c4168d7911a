using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Aileron.Hosting;

/// <summary>
/// <c>requestHeadersTimeout</c> counted from the moment a connection is accepted, as nginx's
/// <c>client_header_timeout</c> and HAProxy's <c>timeout http-request</c> count it. Kestrel starts
/// its header timer only at the first byte, and until then holds a silent connection for the
/// keep-alive timeout: a client that connects and says nothing, or trickles its first request,
/// would cost a connection for far longer than the header timeout promises. When the first request
/// has not been read whole by the deadline, the connection is closed: silently when the client
/// sent nothing, after a 408 when it had begun a request (as HAProxy does). Later requests on a
/// kept connection, and HTTP/2 connections once their preface is in, are Kestrel's to time.
/// </summary>
internal sealed class FirstRequestDeadline : IDisposable
{
    private static readonly byte[] RequestTimeout = "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();

    private readonly ConnectionContext _connection;
    private readonly ITimer _timer;
    private int _settled;

    private FirstRequestDeadline(ConnectionContext connection, TimeSpan timeout, TimeProvider time)
    {
        _connection = connection;
        _timer = time.CreateTimer(static s => ((FirstRequestDeadline)s!).Expire(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Arms the deadline on every connection <paramref name="listen"/> accepts.</summary>
    public static void Use(ListenOptions listen, TimeSpan timeout, TimeProvider time)
    {
        if (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        listen.Use(next => async connection =>
        {
            using var deadline = new FirstRequestDeadline(connection, timeout, time);
            connection.Features.Set(deadline);
            await next(connection);
        });
    }

    /// <summary>The connection's first request has been read whole (or it speaks HTTP/2): the deadline no longer applies.</summary>
    public void Met() => Dispose();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _timer.Dispose();
        }
    }

    private void Expire()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 1)
        {
            return;
        }

        _timer.Dispose();
        if (_connection.Features.Get<RawRequestHeads>() is { HasBegun: true })
        {
            // Kestrel is waiting for the rest of the head and writes nothing meanwhile.
            _ = AnswerAndCloseAsync();
        }
        else
        {
            _connection.Abort(new ConnectionAbortedException("no request within requestHeadersTimeout"));
        }
    }

    private async Task AnswerAndCloseAsync()
    {
        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _connection.Transport.Output.WriteAsync(RequestTimeout, bounded.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or IOException)
        {
            // The client is gone or not reading: closing is all that is left.
        }

        _connection.Abort(new ConnectionAbortedException("request headers not received within requestHeadersTimeout"));
    }
}
