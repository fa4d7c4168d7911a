using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Aileron.Hosting.Listening;

/// <summary>Binds through <paramref name="inner"/> and, when the gate checks anything, accepts through a <see cref="GatedListener"/>.</summary>
internal sealed class GatedListenerFactory(IConnectionListenerFactory inner, ConnectionGate gate) : IConnectionListenerFactory
{
    public async ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) =>
        new GatedListener(await inner.BindAsync(endpoint, cancellationToken), gate);
}
