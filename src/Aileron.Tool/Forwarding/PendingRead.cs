using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Aileron.Forwarding;

/// <summary>
/// The one read a connection or a pipe reader wrapper has outstanding at a time, completed through
/// a reusable source: an <c>async</c> method awaiting the inner read would allocate its state
/// machine for every read that waits (on a kept connection, every request waits for its next
/// bytes). The result passes through the transform on the thread that completed the inner read,
/// as an awaiting method's continuation would run. One read at a time: the next may start only
/// once the last one's result was taken.
/// </summary>
internal sealed class PendingRead<T> : IValueTaskSource<T>
{
    private readonly Func<T, T> _transform;
    private readonly Action _completed;
    private ManualResetValueTaskSourceCore<T> _source;
    private ConfiguredValueTaskAwaitable<T>.ConfiguredValueTaskAwaiter _awaiter;

    public PendingRead(Func<T, T> transform)
    {
        _transform = transform;
        _completed = Completed;
    }

    /// <summary>The transformed result of <paramref name="pending"/>, which has not completed yet.</summary>
    public ValueTask<T> Await(ValueTask<T> pending)
    {
        _source.Reset();
        _awaiter = pending.ConfigureAwait(false).GetAwaiter();
        _awaiter.UnsafeOnCompleted(_completed);
        return new ValueTask<T>(this, _source.Version);
    }

    public T GetResult(short token) => _source.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _source.OnCompleted(continuation, state, token, flags);

    private void Completed()
    {
        try
        {
            _source.SetResult(_transform(_awaiter.GetResult()));
        }
        catch (Exception e)
        {
            _source.SetException(e);
        }
    }
}
