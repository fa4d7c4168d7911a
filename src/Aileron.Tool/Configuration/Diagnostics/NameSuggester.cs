namespace Aileron.Configuration.Diagnostics;

/// <summary>Finds the valid names closest to a misspelt one (case-insensitive edit distance).</summary>
internal static class NameSuggester
{
    /// <summary>The closest candidate when it is close enough to be a likely typo, else null.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var ranked = Rank(input, candidates);
        if (ranked.Count == 0)
        {
            return null;
        }

        var best = ranked[0];
        var distance = Distance(input, best);
        var limit = Math.Max(2, Math.Max(input.Length, best.Length) / 3);
        return distance <= limit || best.StartsWith(input, StringComparison.OrdinalIgnoreCase) ? best : null;
    }

    /// <summary>All candidates, nearest first; ties keep their given order.</summary>
    public static IReadOnlyList<string> Rank(string input, IEnumerable<string> candidates) =>
        [.. candidates.Select((c, i) => (c, i, d: Distance(input, c))).OrderBy(x => x.d).ThenBy(x => x.i).Select(x => x.c)];

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent swaps), ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
