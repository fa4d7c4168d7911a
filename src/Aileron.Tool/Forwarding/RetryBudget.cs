namespace Aileron.Forwarding;

/// <summary>
/// Rides on a request whose HTTPClient retries on some statuses: tells the forwarder whether another
/// try is left, and tells the handler which answer the forwarder held back (not copied to the
/// client) so the request goes out again. Made only for such requests.
/// </summary>
internal sealed class RetryBudget(RetrySettings settings)
{
    public RetrySettings Settings => settings;

    /// <summary>Tries left after the one under way.</summary>
    public int Left { get; set; }

    /// <summary>The status of the answer the forwarder held back, or 0.</summary>
    public int HeldBack { get; set; }

    /// <summary>True (and the status remembered) when an answer with <paramref name="status"/> is to be retried instead of passed on.</summary>
    public bool HoldBack(int status)
    {
        if (Left <= 0 || !settings.RetriesStatus(status))
        {
            return false;
        }

        HeldBack = status;
        return true;
    }
}
