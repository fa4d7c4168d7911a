using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aileron.Tests.Proxy;

/// <summary>
/// An upstream on a raw socket whose every answer a test scripts byte by byte: what HTTP/1.1 framing
/// it uses, whether it keeps, closes or resets the connection, whether it stalls. It records the
/// request heads it read and counts the connections it accepted.
/// </summary>
internal sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ScriptedRequest, Task> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _serving = [];
    private readonly Task _accepting;
    private int _connections;

    private ScriptedUpstream(Func<ScriptedRequest, Task> answer)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _answer = answer;
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Every request head read, in order.</summary>
    public ConcurrentQueue<string> Heads { get; } = new();

    /// <summary>Answers every request with <paramref name="answer"/>, which writes to (or closes) the connection.</summary>
    public static ScriptedUpstream Start(Func<ScriptedRequest, Task> answer) => new(answer);

    /// <summary>Answers every request with these bytes and keeps the connection.</summary>
    public static ScriptedUpstream Answering(string response) => new(r => r.WriteAsync(response));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_serving);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _serving.Add(ServeAsync(socket, Interlocked.Increment(ref _connections)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var buffer = new byte[64 * 1024];
        var seen = new StringBuilder();
        var number = 0;
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                seen.Append(Encoding.Latin1.GetString(buffer, 0, read));
                while (seen.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
                {
                    var head = seen.ToString(0, end);
                    seen.Remove(0, end + 4);
                    Heads.Enqueue(head);
                    var request = new ScriptedRequest(socket, stream, head, connection, ++number, _stop.Token);
                    await _answer(request);
                    if (request.Closed)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The proxy or the test closed the connection.
        }
    }
}

/// <summary>One request as the scripted upstream read it, and what it can do to answer.</summary>
internal sealed class ScriptedRequest(Socket socket, NetworkStream stream, string head, int connection, int number, CancellationToken stop)
{
    /// <summary>The request line and headers, without the empty line.</summary>
    public string Head { get; } = head;

    /// <summary>Which accepted connection this came on, from 1.</summary>
    public int Connection { get; } = connection;

    /// <summary>Which request on its connection this is, from 1.</summary>
    public int Number { get; } = number;

    public bool Closed { get; private set; }

    public CancellationToken Stop { get; } = stop;

    public Task WriteAsync(string bytes) => stream.WriteAsync(Encoding.Latin1.GetBytes(bytes), Stop).AsTask();

    /// <summary>Closes the connection gracefully (FIN) after what was written.</summary>
    public void Close()
    {
        Closed = true;
        socket.Shutdown(SocketShutdown.Both);
    }

    /// <summary>Resets the connection (RST), as a crashed upstream does.</summary>
    public void Reset()
    {
        Closed = true;
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}
