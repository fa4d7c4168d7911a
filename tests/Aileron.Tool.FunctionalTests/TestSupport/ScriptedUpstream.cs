using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// An upstream on a raw socket whose every answer a test scripts byte by byte: what HTTP/1.1 framing
/// it uses, whether it keeps, closes or resets the connection, whether it stalls. It records the
/// request heads it read and counts the connections it accepted. Request bodies are framed as an
/// RFC 9112 server frames them (Transfer-Encoding chunked before Content-Length), so bytes inside a
/// body never count as a request head.
/// </summary>
internal sealed class ScriptedUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<ScriptedRequest, Task> _answer;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _serving = [];
    private readonly ConcurrentDictionary<int, bool> _ended = new();
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

    /// <summary>Every request read, in order, with the connection it came on.</summary>
    public ConcurrentQueue<ScriptedRequest> Requests { get; } = new();

    /// <summary>Answers every request with <paramref name="answer"/>, which writes to (or closes) the connection.</summary>
    public static ScriptedUpstream Start(Func<ScriptedRequest, Task> answer) => new(answer);

    /// <summary>Answers every request with these bytes and keeps the connection.</summary>
    public static ScriptedUpstream Answering(string response) => new(r => r.WriteAsync(response));

    /// <summary>
    /// A well-behaved answer that names the request's target, so a client can tell its own answer
    /// from another's: <c>/b</c> gets the body <c>path=/b</c>, framed by Content-Length.
    /// </summary>
    public static string OwnAnswer(string target) => $"HTTP/1.1 200 OK\r\nContent-Length: {5 + target.Length}\r\n\r\npath={target}";

    /// <summary>The requests read for this method and target.</summary>
    public int Count(string method, string target) => Requests.Count(r => r.Method == method && r.Target == target);

    /// <summary>Whether the connection numbered <paramref name="connection"/> (from 1) has ended, however it ended.</summary>
    public bool HasEnded(int connection) => _ended.ContainsKey(connection);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        while (_serving.TryTake(out var serving))
        {
            await serving;
        }

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
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // Stopped (an accept that starts after the listener stopped says it is not listening).
        }
    }

    private async Task ServeAsync(Socket socket, int connection)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = new ScriptedReader(stream, _stop.Token);
        var number = 0;
        try
        {
            while (await reader.ReadHeadAsync() is { } head)
            {
                Heads.Enqueue(head);
                var request = new ScriptedRequest(socket, stream, head, connection, ++number, _stop.Token, reader, _serving.Add);
                Requests.Enqueue(request);
                await _answer(request);
                if (request.Closed)
                {
                    return;
                }

                // Whatever the script did not read of the body is read now, so the next head starts where it should.
                await request.ReadBodyAsync();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidDataException)
        {
            // The proxy or the test closed the connection, or the proxy sent a body this server cannot frame.
        }
        finally
        {
            _ended[connection] = true;
        }
    }
}

/// <summary>One request as the scripted upstream read it, and what it can do to answer.</summary>
internal sealed class ScriptedRequest(
    Socket socket, NetworkStream stream, string head, int connection, int number, CancellationToken stop,
    ScriptedReader? reader = null, Action<Task>? track = null)
{
    private string? _body;

    /// <summary>The request line and headers, without the empty line.</summary>
    public string Head { get; } = head;

    /// <summary>The method of the request line.</summary>
    public string Method => Head.Split(' ', 2)[0];

    /// <summary>The request target of the request line, as sent (<c>/a?x=1</c>).</summary>
    public string Target => Head.Split("\r\n", 2)[0].Split(' ') is [_, var target, ..] ? target : string.Empty;

    /// <summary>Which accepted connection this came on, from 1.</summary>
    public int Connection { get; } = connection;

    /// <summary>Which request on its connection this is, from 1.</summary>
    public int Number { get; } = number;

    public bool Closed { get; private set; }

    public CancellationToken Stop { get; } = stop;

    /// <summary>The body, once read (by the script or after its answer); null before.</summary>
    public string? Body => _body;

    /// <summary>The values of a request header (case-insensitive name), in order.</summary>
    public IReadOnlyList<string> Header(string name) => ScriptedReader.HeaderValues(Head, name);

    public Task WriteAsync(string bytes) => stream.WriteAsync(Encoding.Latin1.GetBytes(bytes), Stop).AsTask();

    /// <summary>Reads the body (decoded when chunked) as its headers frame it; once, later calls return the same text.</summary>
    public async Task<string> ReadBodyAsync() => _body ??= reader is null ? string.Empty : await reader.ReadBodyAsync(Head);

    /// <summary>Reads the body, then answers with <see cref="ScriptedUpstream.OwnAnswer"/> and keeps the connection.</summary>
    public async Task AnswerOwnAsync()
    {
        await ReadBodyAsync();
        await WriteAsync(ScriptedUpstream.OwnAnswer(Target));
    }

    /// <summary>
    /// Runs <paramref name="work"/> beside the connection (the server goes on reading requests): for
    /// bytes an upstream sends on its own later, on a connection the proxy holds idle. Failures of the
    /// connection end it quietly; the upstream waits for it when disposed, so it should honour <see cref="Stop"/>.
    /// </summary>
    public void Later(Func<Task> work)
    {
        var running = Run(work);
        track?.Invoke(running);

        static async Task Run(Func<Task> work)
        {
            try
            {
                await work();
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The connection or the upstream is gone.
            }
        }
    }

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

/// <summary>Reads request heads and bodies off one connection of a <see cref="ScriptedUpstream"/>, keeping what it read ahead.</summary>
internal sealed class ScriptedReader(NetworkStream stream, CancellationToken stop)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private string _seen = string.Empty;

    /// <summary>The next request head (without the empty line); null when the connection ended first.</summary>
    public async Task<string?> ReadHeadAsync()
    {
        while (true)
        {
            var end = _seen.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var head = _seen[..end];
                _seen = _seen[(end + 4)..];
                return head;
            }

            if (!await FillAsync())
            {
                return null;
            }
        }
    }

    /// <summary>The body the head announces: chunked (decoded, trailers dropped) when Transfer-Encoding ends in chunked, else Content-Length bytes, else none.</summary>
    public async Task<string> ReadBodyAsync(string head)
    {
        var encodings = HeaderValues(head, "Transfer-Encoding");
        if (encodings.Count > 0)
        {
            var last = encodings[^1].Split(',')[^1].Trim();
            if (!last.Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException($"a request body framed by Transfer-Encoding: {string.Join(", ", encodings)}");
            }

            return await ReadChunkedAsync();
        }

        var lengths = HeaderValues(head, "Content-Length");
        if (lengths.Count == 0)
        {
            return string.Empty;
        }

        if (!long.TryParse(lengths[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || lengths.Distinct().Count() > 1)
        {
            throw new InvalidDataException($"a request with Content-Length: {string.Join(", ", lengths)}");
        }

        return await ReadExactlyAsync((int)length);
    }

    /// <summary>The values of the header <paramref name="name"/> in <paramref name="head"/> (trimmed, in order).</summary>
    public static IReadOnlyList<string> HeaderValues(string head, string name) =>
        [.. head.Split("\r\n").Skip(1)
            .Select(line => (Colon: line.IndexOf(':', StringComparison.Ordinal), Line: line))
            .Where(l => l.Colon > 0 && l.Line[..l.Colon].Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Line[(l.Colon + 1)..].Trim(' ', '\t'))];

    private async Task<string> ReadChunkedAsync()
    {
        var body = new StringBuilder();
        while (true)
        {
            var line = await ReadLineAsync();
            var digits = line.Split(';')[0].Trim(' ', '\t');
            if (!long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0 || digits.Length > 15)
            {
                throw new InvalidDataException($"a request chunk of size '{line}'");
            }

            if (size == 0)
            {
                while ((await ReadLineAsync()).Length > 0)
                {
                    // Trailer fields: dropped.
                }

                return body.ToString();
            }

            body.Append(await ReadExactlyAsync((int)size));
            if ((await ReadLineAsync()).Length != 0)
            {
                throw new InvalidDataException("a request chunk longer than its size");
            }
        }
    }

    private async Task<string> ReadLineAsync()
    {
        while (true)
        {
            var end = _seen.IndexOf("\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var line = _seen[..end];
                _seen = _seen[(end + 2)..];
                return line;
            }

            if (!await FillAsync())
            {
                throw new IOException("the connection ended in a request body");
            }
        }
    }

    private async Task<string> ReadExactlyAsync(int count)
    {
        while (_seen.Length < count)
        {
            if (!await FillAsync())
            {
                throw new IOException("the connection ended in a request body");
            }
        }

        var taken = _seen[..count];
        _seen = _seen[count..];
        return taken;
    }

    private async Task<bool> FillAsync()
    {
        var read = await stream.ReadAsync(_buffer, stop);
        if (read == 0)
        {
            return false;
        }

        _seen += Encoding.Latin1.GetString(_buffer, 0, read);
        return true;
    }
}
