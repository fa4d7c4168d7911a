using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Aileron.Hosting;

/// <summary>
/// The one read a pipe reader wrapper has outstanding at a time, completed through a reusable
/// source: an <c>async</c> method awaiting the inner read would allocate its state machine for
/// every read that waits (on a kept connection, every request waits for the next one). The
/// result passes through <see cref="_transform"/> on the thread that completed the inner read, as
/// an awaiting method's continuation would run.
/// </summary>
internal sealed class PendingRead : IValueTaskSource<ReadResult>
{
    private readonly Func<ReadResult, ReadResult> _transform;
    private readonly Action _completed;
    private ManualResetValueTaskSourceCore<ReadResult> _source;
    private ConfiguredValueTaskAwaitable<ReadResult>.ConfiguredValueTaskAwaiter _awaiter;

    public PendingRead(Func<ReadResult, ReadResult> transform)
    {
        _transform = transform;
        _completed = Completed;
    }

    /// <summary>The transformed result of <paramref name="pending"/>, which has not completed yet.</summary>
    public ValueTask<ReadResult> Await(ValueTask<ReadResult> pending)
    {
        _source.Reset();
        _awaiter = pending.ConfigureAwait(false).GetAwaiter();
        _awaiter.UnsafeOnCompleted(_completed);
        return new ValueTask<ReadResult>(this, _source.Version);
    }

    public ReadResult GetResult(short token) => _source.GetResult(token);

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
