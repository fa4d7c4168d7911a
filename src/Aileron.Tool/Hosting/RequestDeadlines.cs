using Aileron.Proxying;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Aileron.Hosting;

/// <summary>
/// AILERON's <c>readTimeout</c> and <c>writeTimeout</c> for one request, as Go's server applies
/// them: the request's body must have been read whole, and its response written whole, that long
/// after the request began; otherwise the request is aborted (HTTP/1.1: the connection is closed;
/// HTTP/2: the stream is reset). An upgraded connection (WebSocket) is exempt, as it outlives its
/// request.
/// </summary>
internal sealed class RequestDeadlines : IDisposable
{
    private readonly HttpContext _context;
    private readonly BodyEndStream? _body;
    private readonly ITimer? _read;
    private readonly ITimer? _write;

    private RequestDeadlines(HttpContext context, TimeSpan? read, TimeSpan? write, TimeProvider time)
    {
        _context = context;
        if (read is { } readTimeout && context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody != false)
        {
            _body = new BodyEndStream(context.Request.Body);
            context.Request.Body = _body;
            _read = time.CreateTimer(static s => ((RequestDeadlines)s!).ReadExpired(), this, readTimeout, Timeout.InfiniteTimeSpan);
        }

        if (write is { } writeTimeout)
        {
            _write = time.CreateTimer(static s => ((RequestDeadlines)s!).Abort(), this, writeTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    public static async Task RunAsync(HttpContext context, ProxyHandler handler, TimeSpan? read, TimeSpan? write, TimeProvider time)
    {
        using var deadlines = new RequestDeadlines(context, read, write, time);
        await handler.HandleAsync(context);
    }

    public void Dispose()
    {
        _read?.Dispose();
        _write?.Dispose();
    }

    private void ReadExpired()
    {
        if (_body is { Ended: false })
        {
            Abort();
        }
    }

    private void Abort() => _context.Abort();
}
