using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol (a WebSocket to its one page):
/// commands with their answers, and every event kept for the test to read (exceptions, console
/// and log entries, network requests). Runs in a fresh profile that is deleted with it; every
/// wait has a deadline.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly List<(string Method, JsonObject Params)> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private int _nextId;

    private HeadlessChromium(Process process, string profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>Every event so far, in order.</summary>
    public IReadOnlyList<(string Method, JsonObject Params)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Starts Chromium on about:blank and connects to its page; fails with a clear message when it is not installed.</summary>
    public static async Task<HeadlessChromium> LaunchAsync(CancellationToken cancellationToken)
    {
        Assert.True(
            File.Exists(ExecutablePath),
            $"{ExecutablePath} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does");

        var profile = Directory.CreateTempSubdirectory("aileron-chromium-").FullName;
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
            "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
            $"--user-data-dir={profile}", "about:blank",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(StartTimeout);
            var port = await ReadPortAsync(profile, process, output, deadline.Token);
            var url = await PageSocketAsync(port, deadline.Token);
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(url), deadline.Token);
            return new HeadlessChromium(process, profile, socket);
        }
        catch
        {
            Stop(process, profile);
            throw;
        }
    }

    /// <summary>Sends a command and returns its result; a DevTools error fails the test.</summary>
    public async Task<JsonObject> SendAsync(string method, object? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        var response = await answer.Task.WaitAsync(cancellationToken);
        Assert.True(response["error"] is null, $"{method}: {response["error"]?.ToJsonString()}");
        return response["result"]?.AsObject() ?? [];
    }

    /// <summary>Evaluates an expression in the page and returns its value (objects as JSON).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true, awaitPromise = true }, cancellationToken);
        Assert.True(result["exceptionDetails"] is null, $"{expression}: {result["exceptionDetails"]?.ToJsonString()}");
        return result["result"]?["value"];
    }

    /// <summary>Waits for an event of this method (one that came before the call counts too).</summary>
    public async Task<JsonObject> WaitForEventAsync(string method, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = Events.FirstOrDefault(e => e.Method == method);
            if (found.Method is not null)
            {
                return found.Params;
            }

            Assert.False(_receiving.IsCompleted, $"the DevTools connection closed before {method}");
            await Task.Delay(10, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
        {
            // The browser is stopped below either way.
        }

        _socket.Dispose();
        Stop(_process, _profile);
        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private static async Task<int> ReadPortAsync(string profile, Process process, StringBuilder output, CancellationToken cancellationToken)
    {
        // Chromium writes the port it bound (for --remote-debugging-port=0) into the profile.
        var file = Path.Combine(profile, "DevToolsActivePort");
        while (true)
        {
            Assert.False(process.HasExited, $"chromium exited with {(process.HasExited ? process.ExitCode : 0)} before listening:\n{Text(output)}");
            if (File.Exists(file) && File.ReadAllLines(file) is [var first, ..] && int.TryParse(first, CultureInfo.InvariantCulture, out var port))
            {
                return port;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<string> PageSocketAsync(int port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        while (true)
        {
            var targets = JsonNode.Parse(await http.GetStringAsync("/json/list", cancellationToken))!.AsArray();
            var page = targets.FirstOrDefault(t => (string?)t?["type"] == "page");
            if (page?["webSocketDebuggerUrl"] is { } url)
            {
                return (string)url!;
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested)
        {
            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, _stop.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                break;
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var json = JsonNode.Parse(message.ToArray())!.AsObject();
            message.SetLength(0);
            if (json["id"] is { } id && _pending.TryRemove((int)id, out var answer))
            {
                answer.TrySetResult(json);
            }
            else if (json["method"] is { } method)
            {
                lock (_events)
                {
                    _events.Add(((string)method!, json["params"]?.AsObject() ?? []));
                }
            }
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new WebSocketException("the DevTools connection closed"));
        }
    }

    private static void Stop(Process process, string profile)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It had exited.
        }

        process.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A process of the browser still held a file; the temp directory is cleaned later.
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
