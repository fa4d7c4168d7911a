using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Aileron.Forwarding;

/// <summary>
/// The header names a Connection header lists (RFC 9110 7.6.1): fields meant for this hop only,
/// which a proxy removes before forwarding, in both directions. <c>close</c> and <c>keep-alive</c>
/// are connection options rather than names, and are the only tokens most messages carry, so the
/// common case allocates nothing.
/// </summary>
internal static class ConnectionOptions
{
    /// <summary>
    /// The field names the Connection header of <paramref name="context"/>'s request listed. Kestrel
    /// keeps only the option it understood of that header, so for its requests they come from
    /// <see cref="IConnectionListedNamesFeature"/>.
    /// </summary>
    public static List<string>? ListedNames(HttpContext context)
    {
        var connection = context.Request.Headers.Connection;
        if (connection.Count == 0)
        {
            // Kestrel keeps the header when there was one: without it there is nothing to look up.
            return null;
        }

        return context.Features.Get<IConnectionListedNamesFeature>() is { } raw ? raw.CurrentListed : ListedNames(connection);
    }

    /// <summary>The field names <paramref name="connection"/> lists; null when it lists none.</summary>
    public static List<string>? ListedNames(StringValues connection)
    {
        List<string>? names = null;
        foreach (var value in connection)
        {
            foreach (var range in value.AsSpan().Split(','))
            {
                var token = value.AsSpan(range).Trim(" \t");
                if (token.IsEmpty || token.Equals("close", StringComparison.OrdinalIgnoreCase)
                    || token.Equals("keep-alive", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                (names ??= []).Add(token.ToString());
            }
        }

        return names;
    }

    /// <summary>True when <paramref name="name"/> is one of <paramref name="listed"/>.</summary>
    public static bool Lists(List<string>? listed, string name)
    {
        if (listed is null)
        {
            return false;
        }

        foreach (var entry in listed)
        {
            if (entry.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
