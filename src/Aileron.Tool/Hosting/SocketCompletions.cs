using System.Globalization;

namespace Aileron.Hosting;

/// <summary>
/// How .NET's socket event threads run the proxy. Socket continuations run on the event threads
/// (one per core by default) instead of being queued to the thread pool: a proxied request
/// completes several socket operations (the client's request, the upstream's response, both
/// writes), each hand-off to the pool wakes a thread, and on a machine of few cores shared with
/// other processes those context switches cost more than the continuations themselves (see the
/// README's Performance section). Nothing on the request path blocks, so no event thread is held up.
/// The runtime reads both switches only from the environment, once, when the first socket is used:
/// they are set here, before any socket exists.
/// </summary>
internal static class SocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public const string ThreadCountVariable = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>The most event threads <c>serve --io-threads</c> accepts.</summary>
    public const int MaxThreads = 1024;

    /// <summary>Call first thing in <c>Main</c>: inline completions, unless the user set the variable (<c>0</c> turns it off).</summary>
    public static void PreferInline()
    {
        if (ValueToSet(Environment.GetEnvironmentVariable(Variable)) is { } value)
        {
            Environment.SetEnvironmentVariable(Variable, value);
        }
    }

    /// <summary>What the variable is set to given its current value: nothing when the user chose.</summary>
    public static string? ValueToSet(string? current) => current is null ? "1" : null;

    /// <summary>
    /// Runs the sockets on <paramref name="threads"/> event threads instead of one per core, as
    /// nginx's <c>worker_processes</c> or HAProxy's <c>nbthread</c> would. Takes effect only when no
    /// socket has been used yet in this process: call before the servers start.
    /// </summary>
    public static void UseThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threads, MaxThreads);
        Environment.SetEnvironmentVariable(ThreadCountVariable, threads.ToString(CultureInfo.InvariantCulture));
    }
}
