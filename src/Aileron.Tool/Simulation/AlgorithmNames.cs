using Aileron.Balancing;
using Aileron.Configuration.Diagnostics;

namespace Aileron.Simulation;

/// <summary>Reads an algorithm name as a person types it: the config's name in any case, with or without dashes.</summary>
internal static class AlgorithmNames
{
    public static IReadOnlyList<LbAlgorithm> All { get; } = Enum.GetValues<LbAlgorithm>();

    public static string List => string.Join(", ", All.Take(All.Count - 1)) + " or " + All[^1];

    public static bool TryParse(string text, out LbAlgorithm algorithm, out string error)
    {
        var wanted = Simplify(text);
        foreach (var candidate in All)
        {
            if (Simplify(candidate.ToString()) == wanted)
            {
                algorithm = candidate;
                error = string.Empty;
                return true;
            }
        }

        if (wanted == "p2c")
        {
            algorithm = LbAlgorithm.PowerOfTwoChoices;
            error = string.Empty;
            return true;
        }

        algorithm = default;
        var closest = NameSuggester.Closest(text.Replace("-", string.Empty, StringComparison.Ordinal), All.Select(a => a.ToString()));
        error = $"--algo '{text}': unknown algorithm{(closest is null ? string.Empty : $"; did you mean {closest}?")} (choose {List})";
        return false;
    }

    private static string Simplify(string name) =>
        name.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
