namespace Aileron.Patterns;

/// <summary>
/// A handler pattern in Go's <c>net/http.ServeMux</c> syntax, which AILERON registers handlers with:
/// <c>[METHOD ][HOST]/path</c>, where a segment may be a wildcard <c>{name}</c>, the last one
/// <c>{name...}</c> (the rest of the path) or <c>{$}</c> (end of path), and a trailing slash
/// matches the whole subtree. The empty pattern is <c>/</c>: every path.
/// </summary>
internal sealed record RoutePattern(string Text, string? Method, string? Host, IReadOnlyList<RouteSegment> Segments, bool IsSubtree)
{
    public static readonly RoutePattern All = new("/", null, null, [], true);

    /// <summary>The path part of the pattern, as written after any method and host: <c>/users/{id}</c>, <c>/static/</c>.</summary>
    public string Path { get; } =
        "/" + string.Join('/', Segments.Select(s => s.Kind switch
        {
            RouteSegmentKind.Parameter => $"{{{s.Value}}}",
            RouteSegmentKind.Rest => $"{{{s.Value}...}}",
            RouteSegmentKind.End => "{$}",
            _ => s.Value,
        })) + (IsSubtree && Segments.Count > 0 ? "/" : string.Empty);

    /// <summary>
    /// How specific the path is, for ordering patterns so that the first one that matches a path is
    /// the one Go's ServeMux would choose: per segment a literal (0) beats a wildcard (1), which beats
    /// the rest of the path (2); a subtree pattern ends with the rest of the path.
    /// </summary>
    public IReadOnlyList<int> Specificity { get; } =
        [.. Segments.Select(s => s.Kind switch
        {
            RouteSegmentKind.Parameter => 1,
            RouteSegmentKind.Rest => 2,
            _ => 0,
        }), IsSubtree ? 2 : 0];

    /// <summary>Orders patterns most specific first (see <see cref="Specificity"/>).</summary>
    public static int CompareSpecificity(RoutePattern a, RoutePattern b)
    {
        var x = a.Specificity;
        var y = b.Specificity;
        for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
        {
            if (x[i] != y[i])
            {
                return x[i].CompareTo(y[i]);
            }
        }

        return x.Count.CompareTo(y.Count);
    }

    /// <summary>The path parameter names, in order.</summary>
    public IReadOnlyList<string> ParameterNames { get; } =
        [.. Segments.Where(s => s.Kind is RouteSegmentKind.Parameter or RouteSegmentKind.Rest).Select(s => s.Value)];

    public static bool TryParse(string text, out RoutePattern pattern, out string error)
    {
        pattern = All;
        error = string.Empty;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        string? method = null;
        var rest = text.Trim();
        var space = rest.IndexOfAny([' ', '\t']);
        if (space >= 0)
        {
            method = rest[..space];
            rest = rest[(space + 1)..].TrimStart();
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' has no path: write it as /path, with an optional method and host before it (GET example.com/path)";
            return false;
        }

        var host = slash > 0 ? rest[..slash] : null;
        var path = rest[slash..];
        var segments = new List<RouteSegment>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var parts = path[1..].Split('/');
        var isSubtree = path.EndsWith('/');
        var count = isSubtree ? parts.Length - 1 : parts.Length;
        for (var i = 0; i < count; i++)
        {
            var part = parts[i];
            var last = i == count - 1;
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                var name = part[1..^1];
                if (name == "$")
                {
                    if (!last || isSubtree)
                    {
                        error = $"'{text}': {{$}} may only end a pattern";
                        return false;
                    }

                    isSubtree = false;
                    segments.Add(new RouteSegment(RouteSegmentKind.End, string.Empty));
                    continue;
                }

                var kind = RouteSegmentKind.Parameter;
                if (name.EndsWith("...", StringComparison.Ordinal))
                {
                    if (!last || isSubtree)
                    {
                        error = $"'{text}': {{{name}}} may only be the last segment";
                        return false;
                    }

                    name = name[..^3];
                    kind = RouteSegmentKind.Rest;
                }

                if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || char.IsAsciiDigit(name[0]))
                {
                    error = $"'{text}': '{part}' is not a wildcard: use {{name}}, {{name...}} or {{$}}";
                    return false;
                }

                if (!names.Add(name))
                {
                    error = $"'{text}': wildcard '{name}' appears twice";
                    return false;
                }

                segments.Add(new RouteSegment(kind, name));
            }
            else if (part.Contains('{', StringComparison.Ordinal) || part.Contains('}', StringComparison.Ordinal))
            {
                error = $"'{text}': a wildcard must be a whole segment, as in /users/{{id}}";
                return false;
            }
            else
            {
                segments.Add(new RouteSegment(RouteSegmentKind.Literal, part));
            }
        }

        if (segments.Count > 0 && segments[^1].Kind == RouteSegmentKind.Rest)
        {
            isSubtree = false;
        }

        pattern = new RoutePattern(text, method, host, segments, isSubtree);
        return true;
    }

    /// <summary>
    /// Matches a request path (already decoded segment-wise by the server); on success
    /// <paramref name="values"/> receives the parameter values in <see cref="ParameterNames"/> order.
    /// </summary>
    public bool TryMatch(string path, Span<Range> values)
    {
        var position = 1;
        var index = 0;
        if (path.Length == 0 || path[0] != '/')
        {
            return false;
        }

        for (var s = 0; s < Segments.Count; s++)
        {
            var segment = Segments[s];
            if (segment.Kind == RouteSegmentKind.End)
            {
                return position == path.Length;
            }

            if (segment.Kind == RouteSegmentKind.Rest)
            {
                values[index] = new Range(Math.Min(position, path.Length), path.Length);
                return true;
            }

            if (position > path.Length)
            {
                return false;
            }

            var end = path.IndexOf('/', position);
            var segmentEnd = end < 0 ? path.Length : end;
            var text = path.AsSpan(position, segmentEnd - position);
            if (segment.Kind == RouteSegmentKind.Literal)
            {
                if (!text.SequenceEqual(segment.Value))
                {
                    return false;
                }
            }
            else
            {
                if (text.IsEmpty)
                {
                    return false;
                }

                values[index++] = new Range(position, segmentEnd);
            }

            position = segmentEnd + 1;
        }

        // All segments consumed: an exact pattern needs the path to end here, a subtree pattern
        // needs a slash here (or the path to continue beneath).
        return IsSubtree ? position <= path.Length : position == path.Length + 1;
    }
}
