namespace Aileron.Routing;

/// <summary>
/// The routing table a server serves from now. Requests read it once each; a config reload swaps
/// in a whole new table atomically, so a request never sees half of one config and half of another.
/// </summary>
internal sealed class RouteTableHolder(RouteTable initial)
{
    private RouteTable _current = initial;

    public RouteTable Current => Volatile.Read(ref _current);

    /// <returns>The table that was replaced.</returns>
    public RouteTable Swap(RouteTable next) => Interlocked.Exchange(ref _current, next);
}
