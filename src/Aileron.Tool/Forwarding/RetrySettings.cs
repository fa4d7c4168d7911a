using System.Collections.Frozen;

namespace Aileron.Forwarding;

/// <summary>An HTTPClient's <c>retryConfig</c>, as the request path reads it.</summary>
/// <param name="MaxRetry">Tries after the first.</param>
/// <param name="MaxContentLength">The largest body (by Content-Length) kept in memory so it can be sent again; 0: bodiless requests only.</param>
/// <param name="StatusCodes">Upstream answers tried again, whatever the method.</param>
internal sealed record RetrySettings(int MaxRetry, int MaxContentLength, FrozenSet<int> StatusCodes)
{
    public bool RetriesStatus(int status) => StatusCodes.Count > 0 && StatusCodes.Contains(status);
}
