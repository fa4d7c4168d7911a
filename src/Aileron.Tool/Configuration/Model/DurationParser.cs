using System.Globalization;

namespace Aileron.Configuration.Model;

/// <summary>Durations in aileron's own fields: <c>250ms</c>, <c>5s</c>, <c>2m</c>, <c>1h</c>, or a bare number of seconds.</summary>
internal static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        var (number, scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ when text.EndsWith('h') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < 0 || double.IsInfinity(value) || value * scale > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        return true;
    }

    /// <summary>The shortest exact form: <c>500ms</c>, <c>5s</c>, <c>2m</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var ms = duration.TotalMilliseconds;
        if (ms % 3_600_000 == 0 && ms > 0)
        {
            return $"{ms / 3_600_000}h";
        }

        if (ms % 60_000 == 0 && ms > 0)
        {
            return $"{ms / 60_000}m";
        }

        return ms % 1000 == 0 ? $"{ms / 1000}s" : $"{ms.ToString(CultureInfo.InvariantCulture)}ms";
    }
}
