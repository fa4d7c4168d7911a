namespace Aileron.Patterns;

/// <summary>One segment of a <see cref="RoutePattern"/>: a literal, a <c>{name}</c>, a <c>{name...}</c> or <c>{$}</c>.</summary>
internal readonly record struct RouteSegment(RouteSegmentKind Kind, string Value);
