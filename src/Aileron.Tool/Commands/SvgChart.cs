using System.Globalization;
using System.Net;
using System.Text;

namespace Aileron.Commands;

/// <summary>
/// Writes one inline SVG chart of <see cref="HtmlReport"/>: a plot area with a scale, grid lines,
/// and shapes styled by class only (the page's CSP allows no style attribute). Coordinates are in
/// the chart's own units; the page scales the SVG to its column.
/// </summary>
internal sealed class SvgChart
{
    private readonly StringBuilder _svg;

    /// <param name="label">What the chart shows, for screen readers.</param>
    public SvgChart(StringBuilder svg, double width, double height, ChartMargins margins, string label)
    {
        _svg = svg;
        Width = width;
        Height = height;
        Margins = margins;
        _svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {N(width)} {N(height)}\" role=\"img\" aria-label=\"{Escape(label)}\">");
    }

    public double Width { get; }

    public double Height { get; }

    public ChartMargins Margins { get; }

    public double Left => Margins.Left;

    public double Right => Width - Margins.Right;

    public double Top => Margins.Top;

    public double Bottom => Height - Margins.Bottom;

    /// <summary>A round step for about <paramref name="ticks"/> grid lines up to <paramref name="max"/>: 1, 2, 2.5 or 5 times a power of ten.</summary>
    public static double NiceStep(double max, int ticks)
    {
        if (max <= 0)
        {
            return 1;
        }

        var raw = max / ticks;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var factor in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (raw <= factor * power)
            {
                return factor * power;
            }
        }

        return 10 * power;
    }

    /// <summary>Horizontal grid lines with their labels on the left, at every <paramref name="step"/> from 0 to <paramref name="max"/>.</summary>
    public void YGrid(double max, double step, Func<double, string> label)
    {
        for (var value = 0.0; value <= max + (step / 1000); value += step)
        {
            var y = Y(value, max);
            Line(Left, y, Right, y, value == 0 ? "axis" : "grid-line");
            Text(Left - 4, y + 3, label(value), "tick", "end");
        }
    }

    /// <summary>Vertical grid lines with their labels below, at every <paramref name="step"/> from 0 to <paramref name="max"/>.</summary>
    public void XGrid(double max, double step, Func<double, string> label)
    {
        for (var value = 0.0; value <= max + (step / 1000); value += step)
        {
            var x = X(value, max);
            Line(x, Top, x, Bottom, value == 0 ? "axis" : "grid-line");
            Text(x, Bottom + 12, label(value), "tick", value == 0 ? "start" : value + step > max + (step / 1000) ? "end" : "middle");
        }
    }

    /// <summary>The vertical position of <paramref name="value"/> on a scale from 0 (bottom) to <paramref name="max"/> (top).</summary>
    public double Y(double value, double max) => Bottom - ((Bottom - Top) * Math.Clamp(value / max, 0, 1));

    /// <summary>The horizontal position of <paramref name="value"/> on a scale from 0 (left) to <paramref name="max"/> (right).</summary>
    public double X(double value, double max) => Left + ((Right - Left) * Math.Clamp(value / max, 0, 1));

    public void Rect(double x, double y, double width, double height, string cssClass, string? title = null, string? upstream = null)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"{cssClass}\" x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(width, 0))}\" height=\"{N(Math.Max(height, 0))}\"");
        Close(title, upstream, "rect");
    }

    public void Line(double x1, double y1, double x2, double y2, string cssClass, string? title = null, string? upstream = null)
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<line class=\"{cssClass}\" x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\"");
        Close(title, upstream, "line");
    }

    public void Polyline(IEnumerable<(double X, double Y)> points, string cssClass, string? title = null, string? upstream = null)
    {
        _svg.Append("<polyline class=\"").Append(cssClass).Append("\" points=\"");
        var first = true;
        foreach (var (x, y) in points)
        {
            _svg.Append(first ? string.Empty : " ").Append(N(x)).Append(',').Append(N(y));
            first = false;
        }

        _svg.Append('"');
        Close(title, upstream, "polyline");
    }

    /// <summary>Many shapes as one path (<paramref name="data"/> in SVG path syntax): thousands of bars stay one element.</summary>
    public void Path(string data, string cssClass) => _svg.Append("<path class=\"").Append(cssClass).Append("\" d=\"").Append(data).Append("\"/>");

    public void Text(double x, double y, string text, string cssClass, string anchor = "start")
    {
        _svg.Append(CultureInfo.InvariantCulture, $"<text class=\"{cssClass}\" x=\"{N(x)}\" y=\"{N(y)}\" text-anchor=\"{anchor}\">{Escape(text)}</text>");
    }

    public void End() => _svg.Append("</svg>");

    /// <summary>A coordinate with at most two decimals, invariant: short, and the same bytes everywhere.</summary>
    public static string N(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    private void Close(string? title, string? upstream, string element)
    {
        if (upstream is not null)
        {
            _svg.Append(" data-upstream=\"").Append(upstream).Append('"');
        }

        if (title is null)
        {
            _svg.Append("/>");
            return;
        }

        _svg.Append("><title>").Append(Escape(title)).Append("</title></").Append(element).Append('>');
    }
}
