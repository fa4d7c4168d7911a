using System.Text.RegularExpressions;

namespace Aileron.Patterns;

/// <summary>
/// The tag templates of AILERON's <c>headerTemplate</c> values (its ztext package): a tag is
/// <c>{{name}}</c> or <c>{{ name }}</c> (letters, digits, <c>_ - .</c>), replaced by the value of that
/// name, or by nothing when there is none. Unlike Go's text/template there is no dot before the name.
/// </summary>
internal static partial class ZTextTemplate
{
    public static string Render(string template, IReadOnlyDictionary<string, string> values) =>
        template.Contains("{{", StringComparison.Ordinal)
            ? Tag().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : string.Empty)
            : template;

    [GeneratedRegex(@"\{\{ *([0-9a-zA-Z_\-\.]+) *\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();
}
