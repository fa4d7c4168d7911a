namespace Aileron.Routing;

/// <summary>Where a parameter matcher reads its value.</summary>
internal enum ParamSource
{
    Header,
    Query,
    PathParam,
}
