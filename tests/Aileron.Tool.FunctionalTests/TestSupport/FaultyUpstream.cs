using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// An upstream on a raw socket that misbehaves on demand (<see cref="Fault"/>, switchable while it
/// runs, so a test can let it recover) and counts the connections the proxy leaves open, which must
/// drop back to zero once the proxy has given up on a faulty exchange.
/// </summary>
internal sealed class FaultyUpstream : IAsyncDisposable
{
    public const string HealthyBody = "healthy";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _open;
    private int _requests;

    private FaultyUpstream(TcpListener listener)
    {
        _listener = listener;
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public volatile UpstreamFault Fault;

    /// <summary>The pause between two body bytes under <see cref="UpstreamFault.Trickle"/>.</summary>
    public TimeSpan TrickleGap { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The body length a trickled or reset response announces.</summary>
    public int BodyLength { get; set; } = 20;

    /// <summary>Connections accepted and not yet closed by either side.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    public int Requests => Volatile.Read(ref _requests);

    public static FaultyUpstream Start(UpstreamFault fault)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new FaultyUpstream(listener) { Fault = fault };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _open);
                connections.Add(ServeAsync(socket));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private async Task ServeAsync(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            while (await ReadRequestAsync(stream))
            {
                Interlocked.Increment(ref _requests);
                if (!await AnswerAsync(socket, stream))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException)
        {
            // The proxy (or the test's stop) closed the connection.
        }
        finally
        {
            await stream.DisposeAsync();
            socket.Dispose();
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>Reads up to the end of one bodiless request's headers; false when the proxy closed the connection.</summary>
    private async Task<bool> ReadRequestAsync(NetworkStream stream)
    {
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return false;
            }

            seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return true;
    }

    /// <returns>False when the connection is done with (reset, or held until the proxy lets go).</returns>
    private async Task<bool> AnswerAsync(Socket socket, NetworkStream stream)
    {
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {BodyLength}\r\n\r\n");
        switch (Fault)
        {
            case UpstreamFault.Hang:
                // Held until the proxy closes it: the read returns 0 then.
                while (await stream.ReadAsync(new byte[1], _stop.Token) > 0)
                {
                }

                return false;
            case UpstreamFault.ResetBeforeResponse:
                Reset(socket);
                return false;
            case UpstreamFault.ResetMidResponse:
                await stream.WriteAsync(head, _stop.Token);
                await stream.WriteAsync(new byte[BodyLength / 2], _stop.Token);
                await Task.Delay(50, _stop.Token);
                Reset(socket);
                return false;
            case UpstreamFault.Trickle:
                // One response per connection: the read that watches for the proxy closing stays pending.
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {BodyLength}\r\nConnection: close\r\n\r\n"), _stop.Token);

                // A read pending meanwhile ends (0 bytes) as soon as the proxy closes the connection.
                var closed = stream.ReadAsync(new byte[1], _stop.Token).AsTask();
                for (var i = 0; i < BodyLength; i++)
                {
                    if (await Task.WhenAny(closed, Task.Delay(TrickleGap, _stop.Token)) == closed)
                    {
                        return false;
                    }

                    await stream.WriteAsync("t"u8.ToArray(), _stop.Token);
                }

                return false;
            default:
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {HealthyBody.Length}\r\n\r\n{HealthyBody}"), _stop.Token);
                return true;
        }
    }

    /// <summary>Closes with RST instead of FIN: what a crashed process or a dropped conntrack entry looks like.</summary>
    private static void Reset(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }
}
