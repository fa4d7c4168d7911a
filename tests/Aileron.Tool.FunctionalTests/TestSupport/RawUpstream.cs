using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// An upstream that answers every bodiless request with fixed bytes, for what Kestrel will not send
/// (HTTP/1.1 response trailers) or must not send (broken responses).
/// </summary>
internal sealed class RawUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private RawUpstream(TcpListener listener, byte[] response)
    {
        _listener = listener;
        _accepting = AcceptAsync(response);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static Task<RawUpstream> StartAsync(string response)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return Task.FromResult(new RawUpstream(listener, Encoding.ASCII.GetBytes(response)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync(byte[] response)
    {
        var clients = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                clients.Add(ServeAsync(client, response));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(clients);
    }

    private async Task ServeAsync(TcpClient client, byte[] response)
    {
        using var _ = client;
        var stream = client.GetStream();
        var buffer = new byte[8192];
        var seen = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
                while (seen.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
                {
                    seen.Remove(0, end + 4);
                    await stream.WriteAsync(response, _stop.Token);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The proxy or the test closed the connection.
        }
    }
}
