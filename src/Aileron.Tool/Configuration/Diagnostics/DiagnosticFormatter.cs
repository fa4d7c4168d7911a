using System.Text.Json;

namespace Aileron.Configuration.Diagnostics;

/// <summary>Writes diagnostics as compiler-style text, a JSON array, or GitHub Actions annotations.</summary>
internal static class DiagnosticFormatter
{
    public static void Write(IReadOnlyList<Diagnostic> diagnostics, DiagnosticFormat format, TextWriter output)
    {
        switch (format)
        {
            case DiagnosticFormat.Json:
                WriteJson(diagnostics, output);
                break;
            case DiagnosticFormat.Github:
                foreach (var d in diagnostics)
                {
                    output.WriteLine(
                        $"::{d.SeverityName} file={Escape(d.Position.File, true)},line={d.Position.Line},col={d.Position.Column}::{Escape(d.Message, false)}");
                }

                break;
            default:
                foreach (var d in diagnostics)
                {
                    output.WriteLine(d.ToString());
                }

                break;
        }
    }

    private static void WriteJson(IReadOnlyList<Diagnostic> diagnostics, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var d in diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("file", d.Position.File);
                json.WriteNumber("line", d.Position.Line);
                json.WriteNumber("column", d.Position.Column);
                json.WriteString("severity", d.SeverityName);
                json.WriteString("message", d.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>GitHub's workflow-command escaping: %, CR, LF always; ':' and ',' in properties.</summary>
    private static string Escape(string text, bool property)
    {
        text = text.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);
        return property
            ? text.Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal)
            : text;
    }
}
