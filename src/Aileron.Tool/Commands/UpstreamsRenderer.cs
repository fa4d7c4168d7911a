using System.Globalization;
using Aileron.Admin;
using Aileron.Health;

namespace Aileron.Commands;

/// <summary>
/// Prints an <see cref="UpstreamsReport"/> as a table per load balancer: a title line (name,
/// algorithm, listeners, panic), its match, then one row per upstream with weight and share, plus
/// status and latency when probed, or health, checks and counts when live.
/// </summary>
internal static class UpstreamsRenderer
{
    private const string None = "-";

    public static void WriteTable(UpstreamsReport report, TextWriter output)
    {
        var first = true;
        foreach (var lb in report.LoadBalancers)
        {
            if (!first)
            {
                output.WriteLine();
            }

            first = false;
            var title = $"{lb.Name}  {lb.Algorithm}  on {(lb.Listeners.Count > 0 ? string.Join(", ", lb.Listeners) : "no listener")}";
            output.WriteLine(lb.Panicking == true ? title + "  PANIC: no upstream is healthy, traffic spreads over all enabled ones" : title);
            output.WriteLine($"  match  {lb.Match.Describe()}");
            WriteUpstreams(lb.Upstreams, output);
        }
    }

    private static void WriteUpstreams(IReadOnlyList<UpstreamReport> upstreams, TextWriter output)
    {
        if (upstreams.Count == 0)
        {
            output.WriteLine("  no upstreams: the requests it matches get 502");
            return;
        }

        var probed = upstreams.Any(u => u.Probe is not null);
        var live = upstreams.Any(u => u.Health is not null);
        var columns = new List<Column> { new("URL"), new("WEIGHT", Right: true), new("SHARE", Right: true) };
        if (probed)
        {
            columns.AddRange([new("STATUS"), new("LATENCY", Right: true), new("DETAIL")]);
        }

        if (live)
        {
            columns.AddRange(
            [
                new("HEALTH"), new("ACTIVE"), new("PASSIVE"), new("IN-FLIGHT", Right: true), new("REQUESTS", Right: true),
                new("FAILURES", Right: true), new("EJECTED UNTIL"), new("LAST PROBE"),
            ]);
        }

        var rows = upstreams.Select(u =>
        {
            var cells = new List<string>
            {
                u.ResolvedFrom is { } name ? $"{u.Url} ({name})" : u.Url, Number(u.Weight), u.Enabled ? Percent(u.Share) : "disabled",
            };
            if (probed)
            {
                cells.AddRange(ProbeCells(u));
            }

            if (live)
            {
                cells.AddRange(HealthCells(u.Health, u.Enabled));
            }

            return cells;
        }).ToList();
        WriteAligned(columns, rows, output);
    }

    private static string[] ProbeCells(UpstreamReport u) => u.Probe switch
    {
        null => [None, None, u.Enabled ? "not probed" : "not probed: disabled"],
        var p => [p.Status, Latency(p.LatencyMs), p.Target == u.Url ? p.Detail : $"{p.Detail} via {p.Target}"],
    };

    private static string[] HealthCells(UpstreamHealthState? h, bool enabled) => h is null
        ? [None, None, None, None, None, None, None, None]
        :
        [
            !enabled ? "disabled" : h.Healthy ? UpstreamProbeReport.Up : UpstreamProbeReport.Down,
            Name(h.Active),
            Name(h.Passive),
            Number(h.InFlight),
            Number(h.Requests),
            Number(h.Failures),
            h.EjectedUntil is { } until ? until.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : None,
            h.LastProbe is { } p ? $"{p.Status} {Latency(p.LatencyMs)} {p.Detail}" : None,
        ];

    private static void WriteAligned(List<Column> columns, List<List<string>> rows, TextWriter output)
    {
        var widths = columns.Select((c, i) => rows.Select(r => r[i].Length).Append(c.Header.Length).Max()).ToArray();
        WriteRow(columns.Select(c => c.Header).ToList());
        foreach (var row in rows)
        {
            WriteRow(row);
        }

        void WriteRow(List<string> cells)
        {
            var line = string.Join("  ", cells.Select((cell, i) => columns[i].Right ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i])));
            output.WriteLine("  " + line.TrimEnd());
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Latency(double ms) => ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Name(Enum value) => value.ToString().ToLowerInvariant();

    private readonly record struct Column(string Header, bool Right = false);
}
