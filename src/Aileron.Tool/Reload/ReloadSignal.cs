using System.Runtime.InteropServices;

namespace Aileron.Reload;

/// <summary>
/// SIGHUP, the Unix "reread your config" signal (nginx, HAProxy, sshd). Registered when serve starts,
/// so a SIGHUP during start-up does not kill the process, as the default action would: it is kept
/// and acted on as soon as the proxy can reload.
/// </summary>
internal sealed class ReloadSignal : IDisposable
{
    private readonly PosixSignalRegistration _registration;
    private Action? _onSignal;
    private int _pending;

    public ReloadSignal()
    {
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

    /// <summary>Whoever sees both a signal and a handler runs it, once, so none is lost between the two.</summary>
    private void RunPending()
    {
        if (OnSignal is { } action && Interlocked.Exchange(ref _pending, 0) == 1)
        {
            action();
        }
    }
}
