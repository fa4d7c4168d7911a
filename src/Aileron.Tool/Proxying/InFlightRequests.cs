namespace Aileron.Proxying;

/// <summary>
/// The requests running on one configuration's handlers. A reload retires the old configuration
/// once its last request is done: <see cref="DrainedAsync"/> completes when the count reaches zero
/// after <see cref="Retire"/>, signalled by the request that ends last rather than found by polling.
/// </summary>
internal sealed class InFlightRequests
{
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _count;
    private volatile bool _retired;

    /// <summary>Requests running now.</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Exit()
    {
        if (Interlocked.Decrement(ref _count) == 0 && _retired)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>No new request will come; completes <see cref="DrainedAsync"/> at once when none is running.</summary>
    public void Retire()
    {
        _retired = true;
        if (Interlocked.Read(ref _count) == 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>Completes once retired and the last request has ended.</summary>
    public Task DrainedAsync(CancellationToken cancellationToken) => _drained.Task.WaitAsync(cancellationToken);
}
