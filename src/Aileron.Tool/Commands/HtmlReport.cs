using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aileron.Simulation;

namespace Aileron.Commands;

/// <summary>
/// The <c>simulate --report FILE</c> page: one self-contained HTML file (inline CSS, inline SVG, one
/// small inline script; no network, no external file) that shows every algorithm of the run side by
/// side: each upstream's share against its expected share, max/mean, the requests each upstream
/// change moved against the least possible, and for LeastRequests and PowerOfTwoChoices the
/// requests in flight over time. Its Content-Security-Policy allows nothing but its own inline
/// style and script, by hash, so a browser fetches nothing even if a name in it looked like a URL.
/// The same run writes the same bytes.
/// </summary>
internal static class HtmlReport
{
    /// <summary>Upstreams up to this many get a bar each with a tooltip and hover highlight; more are drawn as one path.</summary>
    public const int MaxMarkedUpstreams = 100;

    /// <summary>Upstreams up to this many get a color, a legend entry and a line of their own over time.</summary>
    public const int MaxColoredUpstreams = 10;

    /// <summary>The attribute of the root element the page's script sets to "true" once it ran.</summary>
    public const string ReadyAttribute = "data-ready";

    private const string Style = """
        :root{color-scheme:light;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1d2330;background:#fff}
        body{margin:0 auto;max-width:1320px;padding:24px}
        h1{font-size:22px;margin:0 0 6px}
        h2{font-size:18px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid #dde1e8}
        h3{font-size:15px;margin:24px 0 4px}
        h4{font-size:13px;margin:0 0 4px}
        p{margin:4px 0}
        .meta,.note,figcaption,footer{color:#5b6475}
        .note,figcaption,footer{font-size:12px}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f5f8;padding:2px 5px;border-radius:3px}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:14px;margin-top:8px}
        .grid.wide{grid-template-columns:repeat(auto-fill,minmax(520px,1fr))}
        figure{margin:0;border:1px solid #e3e6ec;border-radius:6px;padding:10px 12px}
        figure.moved{max-width:900px}
        svg.chart{display:block;width:100%;height:auto;overflow:visible}
        .axis{stroke:#9aa3b2;stroke-width:1}
        .grid-line{stroke:#eceff4;stroke-width:1}
        .tick,.value{fill:#5b6475;font-size:10px}
        .label{fill:#1d2330;font-size:11px}
        .bar{fill:var(--c,#4e79a7)}
        .expected,.least{stroke:#1d2330;stroke-width:2;fill:none}
        .series{fill:none;stroke:var(--c,#4e79a7);stroke-width:1.5;stroke-linejoin:round}
        .series.spread-max,.series.spread-min{stroke-dasharray:3 2}
        .ideal{stroke:var(--c,#1d2330);stroke-width:1;stroke-dasharray:5 4;opacity:.8}
        .dim{opacity:.12}
        table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
        th,td{padding:4px 12px;text-align:right;border-bottom:1px solid #eceff4;font-weight:400}
        th{color:#5b6475;font-size:12px}
        th:first-child,td:first-child{text-align:left}
        .legend{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;padding:0;margin:8px 0;font-size:12px}
        .legend li{cursor:default}
        .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;background:var(--c,#4e79a7);margin-right:6px}
        .swatch.mark{width:3px;background:#1d2330}
        .u0{--c:#4e79a7}.u1{--c:#f28e2b}.u2{--c:#e15759}.u3{--c:#76b7b2}.u4{--c:#59a14f}
        .u5{--c:#edc948}.u6{--c:#b07aa1}.u7{--c:#ff9da7}.u8{--c:#9c755f}.u9{--c:#bab0ac}
        .k0{--c:#9ec1e6}.k1{--c:#f7bd8b}.k2{--c:#a6d79f}.k3{--c:#d9b3d4}.k4{--c:#f4dc8a}.k5{--c:#c9c9c9}.all{--c:#3b4a66}
        .spread-max{--c:#e15759}.spread-mean{--c:#1d2330}.spread-min{--c:#4e79a7}
        footer{margin-top:32px;border-top:1px solid #eceff4;padding-top:8px}
        """;

    private const string Script = """
        (() => {
          'use strict';
          const marked = Array.from(document.querySelectorAll('[data-upstream]'));
          const highlight = (upstream) => {
            for (const element of marked) {
              element.classList.toggle('dim', upstream !== null && element.getAttribute('data-upstream') !== upstream);
            }
          };
          for (const element of marked) {
            element.addEventListener('mouseenter', () => highlight(element.getAttribute('data-upstream')));
            element.addEventListener('mouseleave', () => highlight(null));
          }
          document.documentElement.setAttribute('data-ready', 'true');
        })();
        """;

    /// <summary>Nothing may load but the inline style and script above, by their hashes.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{Hash(Style)}'; script-src '{Hash(Script)}'; img-src 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>Writes the page to <paramref name="path"/>; throws IOException or UnauthorizedAccessException when it cannot.</summary>
    public static void WriteFile(string path, IReadOnlyList<SimulationDetail> runs, SimulationSettings settings, string commandLine)
    {
        using var file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(runs, settings, commandLine, file);
    }

    public static void Write(IReadOnlyList<SimulationDetail> runs, SimulationSettings settings, string commandLine, TextWriter output)
    {
        var html = new StringBuilder(64 * 1024);
        var algorithms = string.Join(", ", runs.Select(r => r.Report.Algorithm).Distinct());
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(ContentSecurityPolicy).Append("\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>aileron simulate: ").Append(SvgChart.Escape(algorithms)).Append("</title>\n")
            .Append("<style>").Append(Style).Append("</style>\n</head>\n<body>\n<header>\n<h1>aileron simulate</h1>\n")
            .Append("<p class=\"meta\"><code>").Append(SvgChart.Escape(commandLine)).Append("</code></p>\n")
            .Append("<p class=\"meta\">").Append(SvgChart.Escape(RunSummary(runs[0].Report, settings))).Append("</p>\n</header>\n");

        var groups = runs.GroupBy(r => r.Report.LoadBalancer).ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            Section(html, [.. groups[g]], settings, g);
        }

        html.Append("<footer>Written by <code>aileron simulate --report</code>: one file, no network, no external script. ")
            .Append("The simulation runs aileron's own load-balancing engine; the same command writes the same file.</footer>\n")
            .Append("<script>").Append(Script).Append("</script>\n</body>\n</html>\n");
        output.Write(html.ToString());
    }

    private static void Section(StringBuilder html, List<SimulationDetail> runs, SimulationSettings settings, int group)
    {
        var first = runs[0].Report;
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"balancer\" id=\"lb-{group + 1}\">\n<h2>")
            .Append(SvgChart.Escape(first.LoadBalancer ?? "Synthetic upstreams")).Append("</h2>\n");
        Legend(html, first, group);
        Summary(html, runs);

        html.Append("<h3>Share of requests per upstream</h3>\n<p class=\"note\">Bars: each upstream's share of the requests. ")
            .Append("Black marks: its expected share, its weight over the total enabled weight. ")
            .Append("max/mean: the largest share over its expected share, 1 being a perfect spread.</p>\n<div class=\"grid\">\n");
        foreach (var run in runs)
        {
            html.Append("<figure class=\"share\" data-algorithm=\"").Append(run.Report.Algorithm).Append("\"><h4>").Append(run.Report.Algorithm).Append("</h4>");
            ShareChart(html, run.Report, group);
            html.Append("<figcaption>max/mean ").Append(Ratio(run.Report.Imbalance)).Append("</figcaption></figure>\n");
        }

        html.Append("</div>\n");
        if (runs[0].Changes.Count > 0)
        {
            html.Append("<h3>Requests moved by each upstream change</h3>\n<p class=\"note\">The share of requests (for the hash ")
                .Append("algorithms: of keys, weighted by their traffic) whose upstream differs after the change, request by request. ")
                .Append("Black marks: the least any algorithm that honours the weights must move.</p>\n");
            MovedChart(html, runs);
        }

        var loaded = runs.Where(r => r.Load is { At.Count: > 0 }).ToList();
        if (loaded.Count > 0)
        {
            html.Append("<h3>Requests in flight over time</h3>\n<p class=\"note\">").Append(settings.Concurrency.ToString(CultureInfo.InvariantCulture))
                .Append(" requests in flight (<code>--concurrency</code>); each new one first completes a random one of them. ")
                .Append("Lines: requests in flight at each upstream, what these algorithms pick by. Dashed: each upstream's fair part, ")
                .Append("concurrency times its expected share.</p>\n<div class=\"grid wide\">\n");
            foreach (var run in loaded)
            {
                html.Append("<figure class=\"load\" data-algorithm=\"").Append(run.Report.Algorithm).Append("\"><h4>").Append(run.Report.Algorithm).Append("</h4>");
                LoadChart(html, run, settings, group);
                html.Append("</figure>\n");
            }

            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    private static void Legend(StringBuilder html, SimulationReport report, int group)
    {
        var upstreams = report.Upstreams;
        if (upstreams.Count > MaxColoredUpstreams)
        {
            html.Append("<p class=\"note\">").Append(upstreams.Count.ToString(CultureInfo.InvariantCulture))
                .Append(" upstreams, in config order from the left").Append(upstreams.Count <= MaxMarkedUpstreams ? "; point at a bar for its URL" : string.Empty)
                .Append(".</p>\n");
            return;
        }

        html.Append("<ul class=\"legend\">");
        for (var i = 0; i < upstreams.Count; i++)
        {
            var u = upstreams[i];
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"u{i}\" data-upstream=\"{Mark(group, i)}\"><span class=\"swatch\"></span>#{i + 1} ")
                .Append(SvgChart.Escape(u.Url)).Append(" · ")
                .Append(u.Weight < 0 ? "disabled" : $"weight {u.Weight.ToString(CultureInfo.InvariantCulture)} · expected {Percent(u.ExpectedShare)}")
                .Append("</li>");
        }

        html.Append("<li><span class=\"swatch mark\"></span>expected share</li></ul>\n");
    }

    private static void Summary(StringBuilder html, List<SimulationDetail> runs)
    {
        var changes = runs[0].Changes;
        html.Append("<table class=\"summary\"><thead><tr><th>algorithm</th><th>max/mean</th>");
        foreach (var change in changes)
        {
            html.Append("<th>moved: ").Append(SvgChart.Escape(change.Description)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>\n");
        foreach (var run in runs)
        {
            html.Append("<tr><td>").Append(run.Report.Algorithm).Append("</td><td>").Append(Ratio(run.Report.Imbalance)).Append("</td>");
            foreach (var change in run.Changes)
            {
                html.Append("<td>").Append(Percent(change.Moved)).Append(" (least ").Append(Percent(change.MinimalMoved)).Append(")</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void ShareChart(StringBuilder html, SimulationReport report, int group)
    {
        var upstreams = report.Upstreams;
        var n = upstreams.Count;
        var highest = Math.Max(upstreams.Max(u => u.Share), upstreams.Max(u => u.ExpectedShare)) * 1.05;
        var step = SvgChart.NiceStep(highest, 4);
        var top = Math.Max(step, step * Math.Ceiling(highest / step));
        var chart = new SvgChart(html, 320, 196, new ChartMargins(40, 6, 8, 22), $"{report.Algorithm}: each upstream's share of requests against its expected share");
        chart.YGrid(top, step, v => PercentTick(v, step));

        var band = (chart.Right - chart.Left) / n;
        var width = Math.Max(band * 0.72, Math.Min(band, 0.6));
        var offset = (band - width) / 2;
        if (n <= MaxMarkedUpstreams)
        {
            for (var i = 0; i < n; i++)
            {
                var u = upstreams[i];
                var x = chart.Left + (band * i) + offset;
                var y = chart.Y(u.Share, top);
                var title = $"#{i + 1} {u.Url}: {Percent(u.Share)} of requests ({u.Picks.ToString(CultureInfo.InvariantCulture)}), "
                    + (u.Weight < 0 ? "disabled" : $"expected {Percent(u.ExpectedShare)} (weight {u.Weight.ToString(CultureInfo.InvariantCulture)})");
                chart.Rect(x, y, width, chart.Bottom - y, "bar " + Color(i, n), title, Mark(group, i));
                if (u.ExpectedShare > 0)
                {
                    var expected = chart.Y(u.ExpectedShare, top);
                    chart.Line(x - Math.Min(offset, 2), expected, x + width + Math.Min(offset, 2), expected, "expected", title, Mark(group, i));
                }
            }
        }
        else
        {
            var bars = new StringBuilder();
            var marks = new StringBuilder();
            for (var i = 0; i < n; i++)
            {
                var x = SvgChart.N(chart.Left + (band * i) + offset);
                bars.Append('M').Append(x).Append(',').Append(SvgChart.N(chart.Bottom)).Append('V').Append(SvgChart.N(chart.Y(upstreams[i].Share, top)))
                    .Append('h').Append(SvgChart.N(width)).Append('V').Append(SvgChart.N(chart.Bottom)).Append('z');
                if (upstreams[i].ExpectedShare > 0)
                {
                    marks.Append('M').Append(x).Append(',').Append(SvgChart.N(chart.Y(upstreams[i].ExpectedShare, top))).Append('h').Append(SvgChart.N(width));
                }
            }

            chart.Path(bars.ToString(), "bar");
            chart.Path(marks.ToString(), "expected");
        }

        var every = n <= 20 ? 1 : n - 1;
        for (var i = 0; i < n; i += every)
        {
            chart.Text(chart.Left + (band * (i + 0.5)), chart.Bottom + 13, "#" + (i + 1).ToString(CultureInfo.InvariantCulture), "tick", "middle");
        }

        chart.End();
    }

    private static void MovedChart(StringBuilder html, List<SimulationDetail> runs)
    {
        var changes = runs[0].Changes;
        html.Append("<figure class=\"moved\"><ul class=\"legend\">");
        for (var j = 0; j < changes.Count; j++)
        {
            html.Append("<li class=\"").Append(ChangeColor(j, changes.Count)).Append("\"><span class=\"swatch\"></span>")
                .Append(SvgChart.Escape(changes[j].Description)).Append("</li>");
        }

        html.Append("<li><span class=\"swatch mark\"></span>least possible</li></ul>");
        const double barHeight = 11;
        var rowHeight = (changes.Count * (barHeight + 2)) + 12;
        var highest = runs.SelectMany(r => r.Changes).Max(c => Math.Max(c.Moved, c.MinimalMoved)) * 1.05;
        var step = SvgChart.NiceStep(highest, 5);
        var top = Math.Max(step, step * Math.Ceiling(highest / step));
        var chart = new SvgChart(html, 720, 8 + (runs.Count * rowHeight) + 22, new ChartMargins(132, 56, 8, 22), "requests moved by each upstream change, per algorithm, against the least possible");
        chart.XGrid(top, step, v => PercentTick(v, step));
        for (var a = 0; a < runs.Count; a++)
        {
            var row = chart.Top + (a * rowHeight) + 6;
            chart.Text(chart.Left - 8, row + ((rowHeight - 12) / 2) + 4, runs[a].Report.Algorithm, "label", "end");
            for (var j = 0; j < runs[a].Changes.Count; j++)
            {
                var change = runs[a].Changes[j];
                var y = row + (j * (barHeight + 2));
                var title = $"{runs[a].Report.Algorithm}, {change.Description}: {Percent(change.Moved)} of requests moved; {Percent(change.MinimalMoved)} is the least possible";
                chart.Rect(chart.Left, y, chart.X(change.Moved, top) - chart.Left, barHeight, "bar " + ChangeColor(j, changes.Count), title);
                var least = chart.X(change.MinimalMoved, top);
                chart.Line(least, y - 1, least, y + barHeight + 1, "least", title);
                chart.Text(chart.X(change.Moved, top) + 4, y + barHeight - 2, Percent(change.Moved), "value");
            }
        }

        chart.End();
        html.Append("</figure>\n");
    }

    private static void LoadChart(StringBuilder html, SimulationDetail run, SimulationSettings settings, int group)
    {
        var load = run.Load!;
        var upstreams = run.Report.Upstreams;
        var n = upstreams.Count;
        var highest = Math.Max(load.InFlight.Max(s => s.Max()), upstreams.Max(u => u.ExpectedShare) * settings.Concurrency) * 1.1;
        var step = Math.Max(1, Math.Round(SvgChart.NiceStep(highest, 4)));
        var top = Math.Max(step, step * Math.Ceiling(highest / step));
        var chart = new SvgChart(html, 640, 210, new ChartMargins(34, 14, 8, 26), $"{run.Report.Algorithm}: requests in flight at each upstream over the run");
        chart.YGrid(top, step, v => v.ToString("0", CultureInfo.InvariantCulture));
        var requests = (double)run.Report.Requests;
        var xStep = SvgChart.NiceStep(requests, 4);
        chart.XGrid(requests, xStep, v => v.ToString("#,0", CultureInfo.InvariantCulture));
        chart.Text(chart.Right, chart.Bottom + 24, "requests sent", "tick", "end");

        if (n <= MaxColoredUpstreams)
        {
            for (var i = 0; i < n; i++)
            {
                var u = upstreams[i];
                var title = $"#{i + 1} {u.Url}: requests in flight";
                if (u.ExpectedShare > 0)
                {
                    var fair = chart.Y(u.ExpectedShare * settings.Concurrency, top);
                    chart.Line(chart.Left, fair, chart.Right, fair, "ideal " + Color(i, n), $"#{i + 1} {u.Url}: fair part {Number(u.ExpectedShare * settings.Concurrency)}", Mark(group, i));
                }

                var index = i;
                chart.Polyline(
                    load.At.Select((at, k) => (chart.X(at, requests), chart.Y(load.InFlight[k][index], top))),
                    "series " + Color(i, n),
                    title,
                    Mark(group, i));
            }
        }
        else
        {
            foreach (var (name, pick) in new (string, Func<int[], double>)[] { ("max", s => s.Max()), ("mean", s => s.Average()), ("min", s => s.Min()) })
            {
                chart.Polyline(
                    load.At.Select((at, k) => (chart.X(at, requests), chart.Y(pick(load.InFlight[k]), top))),
                    "series spread-" + name,
                    $"the {name} over the {n.ToString(CultureInfo.InvariantCulture)} upstreams");
            }
        }

        chart.End();
        if (n > MaxColoredUpstreams)
        {
            html.Append("<figcaption>Red: the busiest upstream at each moment; black: the mean; blue: the idlest.</figcaption>");
        }
    }

    private static string RunSummary(SimulationReport report, SimulationSettings settings)
    {
        var upstreams = report.Upstreams.Count;
        var keys = settings.Keys == KeyDistribution.None
            ? "no keys"
            : $"{report.Keys} keys over {settings.EffectiveKeyCount.ToString(CultureInfo.InvariantCulture)} ids";
        return $"{upstreams.ToString(CultureInfo.InvariantCulture)} upstream{(upstreams == 1 ? string.Empty : "s")}, "
            + $"{report.Requests.ToString(CultureInfo.InvariantCulture)} requests, {keys}, seed {report.Seed.ToString(CultureInfo.InvariantCulture)}, "
            + $"{settings.Concurrency.ToString(CultureInfo.InvariantCulture)} in flight";
    }

    /// <summary>Ties the shapes of one upstream together across the charts of a section, for the hover highlight.</summary>
    private static string Mark(int group, int upstream) => string.Create(CultureInfo.InvariantCulture, $"g{group + 1}u{upstream + 1}");

    private static string Color(int upstream, int count) => count <= MaxColoredUpstreams ? "u" + upstream.ToString(CultureInfo.InvariantCulture) : "u0";

    /// <summary>Each change alone in a light color; all of them at once (the last) dark.</summary>
    private static string ChangeColor(int index, int count) =>
        count > 1 && index == count - 1 ? "all" : "k" + (index % 6).ToString(CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string PercentTick(double fraction, double step) =>
        (fraction * 100).ToString(step * 100 < 1 ? "0.0#" : "0.#", CultureInfo.InvariantCulture) + "%";

    private static string Ratio(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
