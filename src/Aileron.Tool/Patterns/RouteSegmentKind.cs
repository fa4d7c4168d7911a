namespace Aileron.Patterns;

internal enum RouteSegmentKind
{
    Literal,
    Parameter,
    Rest,
    End,
}
