using System.Text;

namespace Aileron.Patterns;

/// <summary>Go's <c>path.Clean</c>, which AILERON applies when it joins a virtual host's pattern to a handler's.</summary>
internal static class GoPath
{
    /// <summary>The shortest equivalent path: no empty, "." or resolvable ".." segments; "/" for an empty rooted path.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = new StringBuilder(rooted ? "/" : string.Empty).AppendJoin('/', parts).ToString();
        return joined.Length == 0 ? "." : joined;
    }

    /// <summary>
    /// A ReverseProxyHandler's own pattern joined under its handler's, as AILERON joins them:
    /// <c>path.Join(handlerPath, pattern)</c>, keeping the pattern's trailing slash (a subtree).
    /// </summary>
    public static string JoinHandlerPattern(string handlerPath, string pattern)
    {
        var joined = handlerPath.Length == 0 && pattern.Length == 0 ? string.Empty
            : handlerPath.Length == 0 ? Clean(pattern)
            : pattern.Length == 0 ? Clean(handlerPath)
            : Clean(handlerPath + "/" + pattern);
        return pattern.EndsWith('/') && joined != "/" ? joined + "/" : joined;
    }

    /// <summary>
    /// The path a handler is registered on, as AILERON computes it: <c>Clean("/" + vhPattern + pattern)</c>,
    /// keeping the handler pattern's trailing slash (which makes it a subtree).
    /// </summary>
    public static string JoinPattern(string virtualHostPattern, string handlerPath)
    {
        var joined = Clean("/" + virtualHostPattern + handlerPath);
        return handlerPath.EndsWith('/') && joined != "/" ? joined + "/" : joined;
    }
}
