using System.Globalization;

namespace Aileron.Simulation;

/// <summary>The csv format of <c>simulate</c>: one row per upstream and algorithm, the report's figures repeated on each.</summary>
internal static class CsvReport
{
    public const string Header = "loadBalancer,algorithm,url,weight,picks,share,expectedShare,imbalance,moved,minimalMoved";

    public static void Write(IReadOnlyList<SimulationReport> reports, TextWriter output)
    {
        output.WriteLine(Header);
        foreach (var r in reports)
        {
            foreach (var u in r.Upstreams)
            {
                output.WriteLine(string.Join(
                    ',',
                    Field(r.LoadBalancer ?? string.Empty),
                    Field(r.Algorithm),
                    Field(u.Url),
                    Number(u.Weight),
                    Number(u.Picks),
                    Number(u.Share),
                    Number(u.ExpectedShare),
                    Number(r.Imbalance),
                    r.Moved is { } moved ? Number(moved) : string.Empty,
                    r.MinimalMoved is { } minimal ? Number(minimal) : string.Empty));
            }
        }
    }

    /// <summary>Quotes a field that holds a comma, quote or line break (RFC 4180).</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
