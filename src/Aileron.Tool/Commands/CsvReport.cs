using System.Globalization;
using Aileron.Simulation;

namespace Aileron.Commands;

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
                    u.Weight.ToString(CultureInfo.InvariantCulture),
                    u.Picks.ToString(CultureInfo.InvariantCulture),
                    Fraction(u.Share),
                    Fraction(u.ExpectedShare),
                    Fraction(r.Imbalance),
                    r.Moved is { } moved ? Fraction(moved) : string.Empty,
                    r.MinimalMoved is { } minimal ? Fraction(minimal) : string.Empty));
            }
        }
    }

    /// <summary>Quotes a field that holds a comma, quote or line break (RFC 4180).</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>Plain decimals (never 6E-05, which some spreadsheets read as text), six places at most as in the report.</summary>
    private static string Fraction(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
