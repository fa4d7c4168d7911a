using System.Text.Json;
using Aileron.Configuration.Diagnostics;

namespace Aileron.Tests.Configuration.Diagnostics;

public sealed class DiagnosticFormatterTests
{
    private static readonly Diagnostic[] Sample =
    [
        new(DiagnosticSeverity.Error, new SourcePosition("dir/a,b.yaml", 3, 7), "unknown field 'x'; 50% sure\nsecond line"),
        new(DiagnosticSeverity.Warning, new SourcePosition("c.yaml", 1, 1), "spec.middleware: ignored: not supported by aileron"),
    ];

    private static string Write(DiagnosticFormat format)
    {
        using var writer = new StringWriter();
        DiagnosticFormatter.Write(Sample, format, writer);
        return writer.ToString();
    }

    [Fact]
    public void Text_is_one_compiler_style_line_per_diagnostic()
    {
        var lines = Write(DiagnosticFormat.Text).Split('\n');

        Assert.StartsWith("dir/a,b.yaml:3:7: error: unknown field 'x'", lines[0]);
        Assert.Contains("c.yaml:1:1: warning: spec.middleware: ignored: not supported by aileron", lines);
    }

    [Fact]
    public void Json_is_an_array_of_file_line_column_severity_message()
    {
        using var json = JsonDocument.Parse(Write(DiagnosticFormat.Json));

        var first = json.RootElement[0];
        Assert.Equal(2, json.RootElement.GetArrayLength());
        Assert.Equal("dir/a,b.yaml", first.GetProperty("file").GetString());
        Assert.Equal(3, first.GetProperty("line").GetInt32());
        Assert.Equal(7, first.GetProperty("column").GetInt32());
        Assert.Equal("error", first.GetProperty("severity").GetString());
        Assert.Equal(Sample[0].Message, first.GetProperty("message").GetString());
    }

    [Fact]
    public void Github_annotations_escape_newlines_percent_and_property_separators()
    {
        var lines = Write(DiagnosticFormat.Github).TrimEnd().Split('\n');

        Assert.Equal("::error file=dir/a%2Cb.yaml,line=3,col=7::unknown field 'x'; 50%25 sure%0Asecond line", lines[0]);
        Assert.Equal("::warning file=c.yaml,line=1,col=1::spec.middleware: ignored: not supported by aileron", lines[1]);
    }
}
