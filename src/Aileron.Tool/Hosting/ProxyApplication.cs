using Aileron.Proxying;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Hosting;

/// <summary>
/// What Kestrel runs for every request: no middleware pipeline, no routing, no hosting diagnostics,
/// just a pooled <see cref="DefaultHttpContext"/> (one per connection or HTTP/2 stream, as ASP.NET's own hosting keeps them) handed to the <see cref="ProxyHandler"/>.
/// A config reload swaps the handler; a request keeps the one it started with to the end.
/// </summary>
internal sealed class ProxyApplication : IHttpApplication<DefaultHttpContext>
{
    private ProxyHandler _handler;
    private ServerPolicy? _policy;

    public ProxyApplication(ProxyHandler handler, ServerPolicy? policy = null)
    {
        _handler = handler;
        _policy = policy;
    }

    /// <summary>The handler new requests go to.</summary>
    public ProxyHandler Handler
    {
        get => Volatile.Read(ref _handler);
        set => Volatile.Write(ref _handler, value);
    }

    /// <summary>What the server does around each request (<see cref="ServerPolicy"/>); null for nothing.</summary>
    public ServerPolicy? Policy
    {
        get => Volatile.Read(ref _policy);
        set => Volatile.Write(ref _policy, value);
    }

    public DefaultHttpContext CreateContext(IFeatureCollection contextFeatures)
    {
        if (contextFeatures is IHostContextContainer<DefaultHttpContext> container)
        {
            if (container.HostContext is { } reused)
            {
                reused.Initialize(contextFeatures);
                return reused;
            }

            var created = new DefaultHttpContext(contextFeatures);
            container.HostContext = created;
            return created;
        }

        return new DefaultHttpContext(contextFeatures);
    }

    public Task ProcessRequestAsync(DefaultHttpContext context)
    {
        var handler = Volatile.Read(ref _handler);
        return Volatile.Read(ref _policy) is { } policy ? policy.RunAsync(context, handler) : handler.HandleAsync(context);
    }

    public void DisposeContext(DefaultHttpContext context, Exception? exception)
    {
        context.Uninitialize();
    }
}
