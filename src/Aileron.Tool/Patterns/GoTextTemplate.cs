using System.Text;

namespace Aileron.Patterns;

/// <summary>
/// The part of Go's <c>text/template</c> (and <c>html/template</c>) that AILERON's error handler
/// templates use: literal text and <c>{{.field}}</c> actions over a flat map, with the trim markers
/// <c>{{- </c> and <c> -}}</c> and <c>{{/* comments */}}</c>. A field the map lacks prints
/// <c>&lt;no value&gt;</c> as text/template does (nothing in HTML, as html/template does); HTML
/// templates escape what they insert. Anything else in an action (pipelines, <c>if</c>,
/// <c>range</c>, functions) is refused when the config loads, never at request time.
/// </summary>
internal sealed class GoTextTemplate
{
    public const string NoValue = "<no value>";

    private readonly Part[] _parts;
    private readonly bool _html;

    private GoTextTemplate(Part[] parts, bool html)
    {
        _parts = parts;
        _html = html;
    }

    /// <summary>The names of the fields the template prints, in order.</summary>
    public IEnumerable<string> Fields => _parts.Where(p => p.Field is not null).Select(p => p.Field!);

    /// <param name="html">True for GoHTML: inserted values are HTML-escaped, a missing field prints nothing.</param>
    public static bool TryParse(string text, bool html, out GoTextTemplate template, out string error)
    {
        template = new GoTextTemplate([], html);
        var parts = new List<Part>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                literal.Append(text, i, text.Length - i);
                break;
            }

            literal.Append(text, i, open - i);
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"unclosed action: '{{{{' at {Position(text, open)} has no '}}}}'";
                return false;
            }

            var body = text.AsSpan(open + 2, close - open - 2);
            var trimLeft = body.Length >= 2 && body[0] == '-' && IsSpace(body[1]);
            var trimRight = body.Length >= 2 && body[^1] == '-' && IsSpace(body[^2]);
            if (trimLeft)
            {
                body = body[1..];
                TrimEnd(literal);
            }

            if (trimRight)
            {
                body = body[..^1];
            }

            var action = body.Trim(" \t\r\n");
            if (action.StartsWith("/*") && action.EndsWith("*/") && action.Length >= 4)
            {
                // A comment prints nothing.
            }
            else if (IsField(action))
            {
                if (literal.Length > 0)
                {
                    parts.Add(new Part(literal.ToString(), null));
                    literal.Clear();
                }

                parts.Add(new Part(null, action[1..].ToString()));
            }
            else
            {
                error = $"'{{{{{body.ToString().Trim()}}}}}' at {Position(text, open)}: aileron runs only field actions such as {{{{.status}}}}, {{{{.statusText}}}}, {{{{.code}}}} and {{{{.kind}}}} in templates (no pipelines, functions, if or range)";
                return false;
            }

            i = close + 2;
            if (trimRight)
            {
                while (i < text.Length && IsSpace(text[i]))
                {
                    i++;
                }
            }
        }

        if (literal.Length > 0)
        {
            parts.Add(new Part(literal.ToString(), null));
        }

        template = new GoTextTemplate([.. parts], html);
        error = string.Empty;
        return true;
    }

    /// <summary>Prints the template with the fields of <paramref name="values"/>.</summary>
    public string Render(IReadOnlyDictionary<string, string> values)
    {
        var output = new StringBuilder();
        foreach (var part in _parts)
        {
            if (part.Field is null)
            {
                output.Append(part.Text);
            }
            else if (values.TryGetValue(part.Field, out var value))
            {
                AppendValue(output, value);
            }
            else if (!_html)
            {
                output.Append(NoValue);
            }
        }

        return output.ToString();
    }

    private void AppendValue(StringBuilder output, string value)
    {
        if (!_html)
        {
            output.Append(value);
            return;
        }

        foreach (var c in value)
        {
            output.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&#34;",
                '\'' => "&#39;",
                '+' => "&#43;",
                '\0' => "\uFFFD",
                _ => c.ToString(),
            });
        }
    }

    /// <summary>A field reference: '.', then a Go identifier (letters, digits, '_'; not starting with a digit).</summary>
    private static bool IsField(ReadOnlySpan<char> action)
    {
        if (action.Length < 2 || action[0] != '.' || char.IsAsciiDigit(action[1]))
        {
            return false;
        }

        foreach (var c in action[1..])
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static void TrimEnd(StringBuilder text)
    {
        var end = text.Length;
        while (end > 0 && IsSpace(text[end - 1]))
        {
            end--;
        }

        text.Length = end;
    }

    private static string Position(string text, int index)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return $"line {line} column {column} of the template";
    }

    private sealed record Part(string? Text, string? Field);
}
