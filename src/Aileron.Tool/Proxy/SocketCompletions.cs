namespace Aileron.Proxy;

/// <summary>
/// Has .NET run socket continuations on its event threads (one per core) instead of queueing each
/// to the thread pool. A proxied request completes several socket operations (the client's request,
/// the upstream's response, both writes); each hand-off to the pool wakes a thread, and on a
/// machine of few cores shared with other processes those context switches cost more than the
/// continuations themselves: the proxy's CPU per request falls by about a quarter (see the README's
/// Performance section). Nothing on the request path blocks, so no event thread is held up.
/// The runtime reads the switch only from the environment, once, when the first socket is used:
/// it is set here, before any socket exists, unless the user set it (<c>0</c> turns it off).
/// </summary>
internal static class SocketCompletions
{
    public const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Call first thing in <c>Main</c>.</summary>
    public static void PreferInline()
    {
        if (ValueToSet(Environment.GetEnvironmentVariable(Variable)) is { } value)
        {
            Environment.SetEnvironmentVariable(Variable, value);
        }
    }

    /// <summary>What the variable is set to given its current value: nothing when the user chose.</summary>
    public static string? ValueToSet(string? current) => current is null ? "1" : null;
}
