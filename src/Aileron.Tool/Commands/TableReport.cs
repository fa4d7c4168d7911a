using System.Globalization;
using System.Text;
using Aileron.Simulation;

namespace Aileron.Commands;

/// <summary>
/// The table format of <c>simulate</c>, for people: per upstream its picks, share and expected
/// share with a bar, then the imbalance and what moved; with --compare the algorithms side by side.
/// </summary>
internal static class TableReport
{
    public const int BarWidth = 40;

    private static readonly string[] Eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

    public static void Write(IReadOnlyList<SimulationReport> reports, SimulationSettings settings, bool compare, TextWriter output)
    {
        var groups = reports.GroupBy(r => r.LoadBalancer).ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            if (g > 0)
            {
                output.WriteLine();
            }

            var group = groups[g].ToList();
            if (compare)
            {
                WriteComparison(group, settings, output);
            }
            else
            {
                WriteSingle(group[0], settings, output);
            }
        }
    }

    /// <summary>A bar <see cref="BarWidth"/> characters long at <paramref name="fraction"/> 1, in eighths of a character.</summary>
    public static string Bar(double fraction)
    {
        var eighths = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth * 8);
        return new string('█', eighths / 8) + Eighths[eighths % 8];
    }

    private static void WriteSingle(SimulationReport report, SimulationSettings settings, TextWriter output)
    {
        output.WriteLine(Heading(report, settings, report.Algorithm));
        output.WriteLine();
        var table = new TextTable(true, false, true, true, true, true);
        table.Add("#", "upstream", "weight", "picks", "share", "expected");
        var widest = report.Upstreams.Max(u => u.Share);
        for (var i = 0; i < report.Upstreams.Count; i++)
        {
            var u = report.Upstreams[i];
            table.Add(
                Number(i + 1),
                u.Url,
                Number(u.Weight),
                Number(u.Picks),
                Percent(u.Share),
                Percent(u.ExpectedShare),
                widest > 0 ? Bar(u.Share / widest) : string.Empty);
        }

        table.Write(output, "  ");
        output.WriteLine();
        output.WriteLine($"  imbalance  {Ratio(report.Imbalance)}  largest share / expected share (1 is a perfect spread)");
        if (report.Moved is { } moved)
        {
            output.WriteLine($"  moved      {Percent(moved)}  of requests changed upstream; {Percent(report.MinimalMoved ?? 0)} is the least possible");
        }

        if (report.HashBalanceFactor is { } factor)
        {
            output.WriteLine($"  bounded    {Ratio(report.PeakInFlight ?? 0)}  most in flight on one upstream / its share (bound {Ratio(factor)})");
            output.WriteLine($"  overflow   {Percent(report.OffFirstChoice ?? 0)}  of requests went past their key's first choice, which was full");
        }

        if (report.Sequence is { } sequence)
        {
            output.WriteLine();
            output.WriteLine($"  first {Number(sequence.Count)} picks:");
            var picks = new TextTable(true, false);
            for (var i = 0; i < sequence.Count; i++)
            {
                picks.Add(Number(i + 1), sequence[i]);
            }

            picks.Write(output, "  ");
        }
    }

    private static void WriteComparison(List<SimulationReport> reports, SimulationSettings settings, TextWriter output)
    {
        var first = reports[0];
        output.WriteLine(Heading(reports.FirstOrDefault(r => r.MissingKey is not null) ?? first, settings, "every algorithm"));
        output.WriteLine();
        var table = new TextTable([true, false, true, .. reports.Select(_ => true)]);
        table.Add(["#", "upstream", "weight", .. reports.Select(r => r.Algorithm)]);
        for (var i = 0; i < first.Upstreams.Count; i++)
        {
            var u = first.Upstreams[i];
            table.Add([Number(i + 1), u.Url, Number(u.Weight), .. reports.Select(r => Percent(r.Upstreams[i].Share))]);
        }

        table.Add(["", "imbalance", "", .. reports.Select(r => Ratio(r.Imbalance))]);
        if (first.Moved is not null)
        {
            table.Add(["", "moved", "", .. reports.Select(r => Percent(r.Moved ?? 0))]);
            table.Add(["", "least possible", "", .. reports.Select(r => Percent(r.MinimalMoved ?? 0))]);
        }

        if (reports.Any(r => r.HashBalanceFactor is not null))
        {
            table.Add(["", "peak in flight", "", .. reports.Select(r => r.PeakInFlight is { } peak ? Ratio(peak) : "-")]);
            table.Add(["", "overflow", "", .. reports.Select(r => r.OffFirstChoice is { } off ? Percent(off) : "-")]);
        }

        var urls = first.Upstreams.Select((u, i) => (u.Url, Index: i + 1)).ToDictionary(x => x.Url, x => x.Index);
        var picks = first.Sequence?.Count ?? 0;
        for (var p = 0; p < picks; p++)
        {
            table.Add(["", $"pick {Number(p + 1)}", "", .. reports.Select(r => urls.TryGetValue(r.Sequence![p], out var n) ? "#" + Number(n) : "-")]);
        }

        table.Write(output, "  ");
    }

    private static string Heading(SimulationReport report, SimulationSettings settings, string what)
    {
        var heading = new StringBuilder();
        if (report.LoadBalancer is { } name)
        {
            heading.Append(name).Append(": ");
        }

        var upstreams = report.Upstreams.Count;
        var keys = settings.Keys != KeyDistribution.None ? $"{report.Keys} keys over {Number(settings.EffectiveKeyCount)} ids"
            : report.MissingKey is { } missing ? $"no keys (missing key: {missing})"
            : "no keys";
        heading.Append(CultureInfo.InvariantCulture, $"{what}, {Number(upstreams)} upstream{(upstreams == 1 ? string.Empty : "s")}, ")
            .Append(CultureInfo.InvariantCulture, $"{Number(report.Requests)} requests, {keys}, seed {report.Seed}");
        return heading.ToString();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string Ratio(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
