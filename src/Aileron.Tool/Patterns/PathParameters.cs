namespace Aileron.Patterns;

/// <summary>
/// The path parameters a <see cref="RoutePattern"/> captured from a request path: names from the
/// pattern, values as ranges of the path, so capturing allocates nothing until a value is read.
/// </summary>
internal readonly struct PathParameters(RoutePattern? pattern, string path, Range[]? values)
{
    public static PathParameters Empty => default;

    public int Count => pattern?.ParameterNames.Count ?? 0;

    public bool TryGet(string name, out ReadOnlySpan<char> value)
    {
        if (pattern is not null && values is not null)
        {
            var names = pattern.ParameterNames;
            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], name, StringComparison.Ordinal))
                {
                    value = path.AsSpan()[values[i]];
                    return true;
                }
            }
        }

        value = default;
        return false;
    }
}
