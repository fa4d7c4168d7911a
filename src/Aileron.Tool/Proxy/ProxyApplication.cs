using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Proxy;

/// <summary>
/// What Kestrel runs for every request: no middleware pipeline, no routing, no hosting diagnostics,
/// just a pooled <see cref="DefaultHttpContext"/> (one per connection or HTTP/2 stream, as ASP.NET's own hosting keeps them) handed to the <see cref="ProxyHandler"/>.
/// </summary>
internal sealed class ProxyApplication(ProxyHandler handler) : IHttpApplication<DefaultHttpContext>
{
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

    public Task ProcessRequestAsync(DefaultHttpContext context) => handler.HandleAsync(context);

    public void DisposeContext(DefaultHttpContext context, Exception? exception)
    {
        context.Uninitialize();
    }
}
