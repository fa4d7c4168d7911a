using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// A client TCP connection that writes exactly the bytes a test gives it (malformed, slow, or
/// hostile requests no HTTP client library would send) and reads what comes back until the server
/// closes the connection or a deadline passes.
/// </summary>
internal sealed class RawConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private string _unread = string.Empty;

    private RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawConnection> OpenAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, port);
        return new RawConnection(client);
    }

    /// <summary>Sends one request and returns everything the server writes before it closes the connection.</summary>
    public static async Task<string> ExchangeAsync(int port, string request, int timeoutMs = 10_000)
    {
        using var connection = await OpenAsync(port);
        await connection.SendAsync(request);
        return await connection.ReadUntilClosedAsync(timeoutMs);
    }

    /// <summary>Sends one request on a new connection and parses the response the server sends before it closes the connection.</summary>
    public static async Task<RawResponse> RequestAsync(int port, string request, bool headRequest = false, int timeoutMs = 10_000) =>
        RawResponse.Parse(await ExchangeAsync(port, request, timeoutMs), headRequest);

    /// <summary>The status code of the first response in <paramref name="response"/>, or 0 when there is none.</summary>
    public static int StatusOf(string response) =>
        response.StartsWith("HTTP/1.", StringComparison.Ordinal) && response.Length >= 12
            ? int.Parse(response.AsSpan(9, 3), CultureInfo.InvariantCulture)
            : 0;

    public async Task SendAsync(string text) => await SendAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>Writes the bytes; false when the server has already closed or reset the connection.</summary>
    public async Task<bool> SendAsync(byte[] bytes)
    {
        try
        {
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Reads until the server closes (or resets) the connection; fails the test at the deadline.</summary>
    public async Task<string> ReadUntilClosedAsync(int timeoutMs = 10_000)
    {
        using var deadline = new CancellationTokenSource(timeoutMs);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, deadline.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the server kept the connection open for more than {timeoutMs} ms; received so far:\n{Encoding.Latin1.GetString(received.ToArray())}");
        }
        catch (IOException)
        {
            // Reset by the server: closed too.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }

    /// <summary>
    /// Reads one response (interim ones included) on a connection that stays open, as far as its
    /// framing goes, or until the server closes the connection; fails the test at the deadline.
    /// Bytes after it are kept for the next call.
    /// </summary>
    public async Task<RawResponse> ReadResponseAsync(bool headRequest = false, int timeoutMs = 10_000)
    {
        using var deadline = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var response = RawResponse.Parse(_unread, headRequest, closed: false);
            if (response.Complete)
            {
                _unread = response.Rest;
                return response;
            }

            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"no complete response within {timeoutMs} ms; received so far:\n{_unread}");
                throw;
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                var last = RawResponse.Parse(_unread, headRequest, closed: true);
                _unread = string.Empty;
                return last;
            }

            _unread += Encoding.Latin1.GetString(buffer, 0, read);
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
