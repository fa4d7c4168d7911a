namespace Aileron.Routing;

internal enum RouteSegmentKind
{
    Literal,
    Parameter,
    Rest,
    End,
}
