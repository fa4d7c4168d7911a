namespace Aileron.Forwarding.Yarp;

/// <summary>
/// An HTTPClient's <c>responseHeaderTimeout</c>: the response headers must arrive this long after the
/// request went out, or the request fails with a <see cref="TimeoutException"/> (504). Once they
/// have, the body and a streaming request's rest are bounded only by the load balancer's responseTimeout.
/// </summary>
internal sealed class ResponseHeaderTimeoutHandler(HttpMessageHandler inner, TimeSpan timeout) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Disposed when the headers are in, which stops the timer without cancelling what follows.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await base.SendAsync(request, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new HttpRequestException(
                HttpRequestError.Unknown,
                "no response headers in time",
                new TimeoutException($"the upstream sent no response headers within {timeout.TotalMilliseconds:0}ms (responseHeaderTimeout)", e));
        }
    }
}
