using System.Runtime.InteropServices;

namespace Aileron.Reload;

/// <summary>
/// SIGHUP, the Unix "reread your config" signal (nginx, HAProxy, sshd). Registered when serve starts,
/// so a SIGHUP during start-up does not kill the process, as the default action would: it is kept
/// and acted on as soon as the proxy can reload.
/// </summary>
internal sealed class ReloadSignal : IDisposable
{
    private const int SigHup = 1;
    private const nint SigDfl = 0;
    private const nint SigIgn = 1;

    private readonly PosixSignalRegistration _registration;
    private Action? _onSignal;
    private int _pending;

    public ReloadSignal()
    {
        UnignoreHangup();
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnHangup);
    }

    /// <summary>What each SIGHUP does from now on (one that came while this was null runs when it is set); null to hold them.</summary>
    public Action? OnSignal
    {
        get => Volatile.Read(ref _onSignal);
        set
        {
            Volatile.Write(ref _onSignal, value);
            RunPending();
        }
    }

    public void Dispose() => _registration.Dispose();

    private void OnHangup(PosixSignalContext context)
    {
        context.Cancel = true;
        Volatile.Write(ref _pending, 1);
        RunPending();
    }

    /// <summary>
    /// A process started under nohup inherits SIGHUP ignored, and .NET installs no handler for an
    /// ignored signal, so <c>kill -HUP</c> would reload nothing. nginx takes SIGHUP whatever it
    /// inherited, and so does this: an ignored SIGHUP goes back to its default just before the
    /// registration replaces that with the reload handler (a hangup then reloads, as in nginx).
    /// </summary>
    private static void UnignoreHangup()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
        {
            return;
        }

        // struct sigaction begins with the handler on Linux, macOS and FreeBSD; the rest is room.
        var current = new nint[32];
        if (SigAction(SigHup, 0, current) == 0 && current[0] == SigIgn)
        {
            Signal(SigHup, SigDfl);
        }
    }

    [DllImport("libc", EntryPoint = "sigaction")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SigAction(int signal, nint action, [Out] nint[] previous);

    [DllImport("libc", EntryPoint = "signal")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint Signal(int signal, nint handler);

    /// <summary>Whoever sees both a signal and a handler runs it, once, so none is lost between the two.</summary>
    private void RunPending()
    {
        if (OnSignal is { } action && Interlocked.Exchange(ref _pending, 0) == 1)
        {
            action();
        }
    }
}
