using Aileron.Proxying;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Hosting;

/// <summary>
/// What Go's <c>http.Server</c> does around every request that AILERON's <c>httpConfig</c> asks for
/// and Kestrel has no setting of: an <c>Alt-Svc</c> header on every response, closing each
/// connection after its response (<c>disableKeepAlive</c>), answering <c>OPTIONS *</c> itself
/// (<c>enableGeneralOptionsHandler</c>), and the read and write deadlines of a request
/// (<c>readTimeout</c>, <c>writeTimeout</c>). Null when the config asks for none of it, so the
/// request path pays nothing.
/// </summary>
internal sealed class ServerPolicy
{
    private readonly string? _altSvc;
    private readonly bool _close;
    private readonly bool _options;
    private readonly TimeSpan? _read;
    private readonly TimeSpan? _write;
    private readonly TimeProvider _time;

    private ServerPolicy(ServerTransport transport, TimeProvider time)
    {
        _altSvc = transport.AltSvc.Length > 0 ? transport.AltSvc : null;
        _close = transport.DisableKeepAlive;
        _options = transport.GeneralOptionsHandler;
        _read = transport.ReadTimeout;
        _write = transport.WriteTimeout;
        _time = time;
    }

    public static ServerPolicy? From(ServerTransport transport, TimeProvider time) =>
        transport.AltSvc.Length > 0 || transport.DisableKeepAlive || transport.GeneralOptionsHandler
            || transport.ReadTimeout is not null || transport.WriteTimeout is not null
            ? new ServerPolicy(transport, time)
            : null;

    public Task RunAsync(DefaultHttpContext context, ProxyHandler handler)
    {
        if (_options && HttpMethods.IsOptions(context.Request.Method) && context.Features.Get<IHttpRequestFeature>()?.RawTarget == "*")
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        }

        if (_altSvc is not null)
        {
            context.Response.OnStarting(static state =>
            {
                var (response, value) = ((HttpResponse, string))state;
                response.Headers.Append("Alt-Svc", value);
                return Task.CompletedTask;
            }, (context.Response, _altSvc));
        }

        if (_close)
        {
            // HTTP/1.1 answers with Connection: close; HTTP/2 sends GOAWAY once its streams are done.
            context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
        }

        if ((_read is null && _write is null) || context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true })
        {
            return handler.HandleAsync(context);
        }

        return RequestDeadlines.RunAsync(context, handler, _read, _write, _time);
    }
}
