namespace Aileron.Forwarding.Yarp;

/// <summary>
/// The first stage of the upstream client: every request body goes out through
/// <see cref="StreamingRequestContent"/>, so each piece the client sends reaches the upstream as
/// it arrives. YARP keeps its own reference to its content and still sees it run.
/// </summary>
internal sealed class StreamingRequestHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } content and not StreamingRequestContent)
        {
            request.Content = new StreamingRequestContent(content);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
