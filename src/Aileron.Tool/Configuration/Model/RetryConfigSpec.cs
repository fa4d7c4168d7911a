namespace Aileron.Configuration.Model;

/// <summary>AILERON's <c>RetryConfig</c> of an HTTPClient: how often, on which answers, and with how large a body a request is tried again.</summary>
internal sealed record RetryConfigSpec : ConfigNode
{
    public const int MaxMaxRetry = 100;
    public const int MaxMaxContentLength = 16 * 1024 * 1024;

    /// <summary>Tries after the first; 0: aileron's own rule (one retry of a request that is safe to replay).</summary>
    public int MaxRetry { get; init; }

    /// <summary>Bodies up to this many bytes (with a Content-Length) are kept so they can be sent again; 0: only bodiless requests.</summary>
    public int MaxContentLength { get; init; }

    /// <summary>Upstream answers that are tried again (on another upstream when there is one), whatever the method.</summary>
    public IReadOnlyList<int> RetryStatusCodes { get; init; } = [];
}
