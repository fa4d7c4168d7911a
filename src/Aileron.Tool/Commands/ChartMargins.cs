namespace Aileron.Commands;

/// <summary>The room around an <see cref="SvgChart"/>'s plot area for its labels, in chart units.</summary>
internal readonly record struct ChartMargins(double Left, double Right, double Top, double Bottom);
