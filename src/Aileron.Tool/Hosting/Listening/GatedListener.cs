using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Aileron.Hosting.Listening;

/// <summary>A listener that accepts through a <see cref="ConnectionGate"/>: refused clients are closed, and at the limit it waits for a slot.</summary>
internal sealed class GatedListener(IConnectionListener inner, ConnectionGate gate) : IConnectionListener
{
    private readonly CancellationTokenSource _unbound = new();

    public EndPoint EndPoint => inner.EndPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (gate.Slots is { } slots && !await WaitForSlotAsync(slots, cancellationToken))
            {
                return null;
            }

            var connection = await inner.AcceptAsync(cancellationToken);
            if (connection is null)
            {
                gate.Slots?.Release();
                return null;
            }

            if (!gate.Admits(connection.RemoteEndPoint))
            {
                connection.Abort(new ConnectionAbortedException("the client's address is not in listenConfig.networks"));
                await connection.DisposeAsync();
                gate.Slots?.Release();
                continue;
            }

            if (gate.Slots is { } held)
            {
                // The slot is free again once the socket is closed, whoever closes it.
                var released = 0;
                connection.ConnectionClosed.Register(() =>
                {
                    if (Interlocked.Exchange(ref released, 1) == 0)
                    {
                        held.Release();
                    }
                });
            }

            return connection;
        }
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        await _unbound.CancelAsync();
        await inner.UnbindAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _unbound.CancelAsync();
        await inner.DisposeAsync();
        _unbound.Dispose();
    }

    private async ValueTask<bool> WaitForSlotAsync(SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token);
        try
        {
            await slots.WaitAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
