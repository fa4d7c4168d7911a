using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// A raw HTTP/1.1 upstream for one request whose body it reads as it arrives: the test can wait
/// until a given piece of the (chunked or sized) body has reached it before the client sends the
/// next one. It answers <c>200 ok</c> once the body is complete.
/// </summary>
internal sealed class PieceRecordingUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private readonly Lock _gate = new();
    private readonly StringBuilder _raw = new();
    private string _head = string.Empty;

    public PieceRecordingUpstream()
    {
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The request head as received.</summary>
    public string Head
    {
        get
        {
            lock (_gate)
            {
                return _head;
            }
        }
    }

    /// <summary>The body received so far, with chunked framing removed.</summary>
    public string Body
    {
        get
        {
            lock (_gate)
            {
                return Decode(_head, _raw.ToString(), out _);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
        var stream = client.GetStream();
        var buffer = new byte[64 * 1024];
        var received = new StringBuilder();
        while (true)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            var text = Encoding.Latin1.GetString(buffer, 0, read);
            bool complete;
            lock (_gate)
            {
                if (_head.Length == 0)
                {
                    received.Append(text);
                    var end = received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end < 0)
                    {
                        continue;
                    }

                    _head = received.ToString(0, end + 4);
                    _raw.Append(received.ToString(end + 4, received.Length - end - 4));
                }
                else
                {
                    _raw.Append(text);
                }

                Decode(_head, _raw.ToString(), out complete);
            }

            if (complete)
            {
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray(), _stop.Token);
                return;
            }
        }
    }

    /// <summary>The body in <paramref name="raw"/> so far; <paramref name="complete"/> once its last chunk (or last byte) is in.</summary>
    private static string Decode(string head, string raw, out bool complete)
    {
        if (!head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            complete = raw.Length >= length;
            return raw;
        }

        var body = new StringBuilder();
        var at = 0;
        complete = false;
        while (true)
        {
            var lineEnd = raw.IndexOf("\r\n", at, StringComparison.Ordinal);
            if (lineEnd < 0)
            {
                return body.ToString();
            }

            var size = Convert.ToInt32(raw[at..lineEnd].Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                complete = raw.IndexOf("\r\n\r\n", lineEnd, StringComparison.Ordinal) >= 0 || raw.EndsWith("\r\n\r\n", StringComparison.Ordinal);
                return body.ToString();
            }

            var dataStart = lineEnd + 2;
            var available = Math.Min(size, raw.Length - dataStart);
            body.Append(raw, dataStart, Math.Max(available, 0));
            if (available < size || raw.Length < dataStart + size + 2)
            {
                return body.ToString();
            }

            at = dataStart + size + 2;
        }
    }
}
