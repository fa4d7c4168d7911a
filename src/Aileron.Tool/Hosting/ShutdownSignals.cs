using System.Runtime.InteropServices;

namespace Aileron.Hosting;

/// <summary>
/// SIGTERM and SIGINT (Ctrl+C) as two tokens: the first signal asks for a graceful stop (drain),
/// a second one for an immediate stop. The process is never killed from under the drain.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _force = new();
    private readonly PosixSignalRegistration[] _registrations;

    public ShutdownSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    /// <summary>Fires on the first signal: stop accepting and drain.</summary>
    public CancellationToken Stop => _stop.Token;

    /// <summary>Fires on the second signal: stop draining now.</summary>
    public CancellationToken Force => _force.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
        _force.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Handled here: the runtime must not terminate the process before the drain ends.
        context.Cancel = true;
        if (_stop.IsCancellationRequested)
        {
            _force.Cancel();
        }
        else
        {
            _stop.Cancel();
        }
    }
}
