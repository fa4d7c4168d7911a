using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Aileron.Tests.TestSupport;

/// <summary>The real <c>aileron</c> CLI as a child process: its output, its signals, its exit code, its memory.</summary>
internal sealed partial class AileronProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private AileronProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    public static AileronProcess Start(params string[] args) => Launch(null, args);

    /// <summary>As <see cref="Start"/>, through nohup(1): the process inherits SIGHUP ignored, as one started to outlive its shell does.</summary>
    public static AileronProcess StartUnderNohup(params string[] args) => Launch("nohup", args);

    private static AileronProcess Launch(string? launcher, string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(launcher ?? dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (launcher is not null)
        {
            info.ArgumentList.Add(dotnet);
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "aileron.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return new AileronProcess(Process.Start(info)!);
    }

    /// <summary>Waits for the "listening" log line and returns the port it names.</summary>
    public Task<int> WaitForListeningAsync() => WaitForPortAsync(ListeningUrl(), "the proxy to listen");

    /// <summary>Waits for <paramref name="text"/> in the output; a timeout's message carries everything the process wrote.</summary>
    public Task WaitForOutputAsync(string text, string what, int timeoutMs) =>
        Eventually.True(() => Output.Contains(text, StringComparison.Ordinal), () => $"{what}; aileron wrote:\n{Output}", timeoutMs);

    public async Task<int> WaitForExitAsync(TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by name (TERM, INT) with kill(1), as an orchestrator would.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>A field of /proc/PID/status in kilobytes: VmRSS (resident now) or VmHWM (peak resident).</summary>
    public long StatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>How many of the process's threads have this name (/proc/PID/task/*/comm, at most 15 characters).</summary>
    public int ThreadsNamed(string name) =>
        Directory.EnumerateDirectories($"/proc/{_process.Id}/task").Count(task => ThreadName(task) == name);

    private static string? ThreadName(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
        }
        catch (IOException)
        {
            return null; // the thread ended while the tasks were listed
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.AppendLine(line);
        }
    }

    /// <summary>Waits for the "admin listening" log line and returns the port it names.</summary>
    public Task<int> WaitForAdminAsync() => WaitForPortAsync(AdminUrl(), "the admin listener to listen");

    private async Task<int> WaitForPortAsync(Regex line, string what)
    {
        Match? match = null;
        await Eventually.True(() => (match = line.Match(Output)).Success || _process.HasExited, what, 30_000);
        Assert.True(match!.Success, $"aileron exited before {what}:\n{Output}\n{Error}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"(?<!admin )listening .*urls=http://(?:127\.0\.0\.1|\[::\]|0\.0\.0\.0|localhost):(\d+)")]
    private static partial Regex ListeningUrl();

    [GeneratedRegex(@"admin listening .*urls=http://(?:127\.0\.0\.1|localhost):(\d+)")]
    private static partial Regex AdminUrl();
}
