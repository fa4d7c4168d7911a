using System.Globalization;
using System.Text.RegularExpressions;

namespace Aileron.Tests.TestSupport;

/// <summary>Reads samples out of a Prometheus text exposition, to assert on metric names, labels and values.</summary>
internal static partial class PrometheusText
{
    /// <summary>
    /// The value of the one sample of <paramref name="name"/> whose labels include all of
    /// <paramref name="labels"/> (<c>key=value</c>); null when there is none.
    /// </summary>
    public static double? Value(string text, string name, params string[] labels)
    {
        var matches = Samples(text)
            .Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l)))
            .ToList();
        Assert.True(matches.Count <= 1, $"{matches.Count} samples of {name} match {string.Join(',', labels)}");
        return matches.Count == 0 ? null : matches[0].Value;
    }

    /// <summary>The TYPE line of each metric: name → counter, gauge, histogram.</summary>
    public static Dictionary<string, string> Types(string text) =>
        TypeLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    public static IEnumerable<(string Name, HashSet<string> Labels, double Value)> Samples(string text)
    {
        foreach (Match m in SampleLine().Matches(text))
        {
            var labels = LabelPair().Matches(m.Groups[2].Value).Select(l => $"{l.Groups[1].Value}={l.Groups[2].Value}").ToHashSet();
            yield return (m.Groups[1].Value, labels, double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    [GeneratedRegex(@"^# TYPE (\S+) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
