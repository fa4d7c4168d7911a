using System.CommandLine;
using Aileron.Configuration;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Yaml;

namespace Aileron.Commands;

/// <summary><c>aileron validate</c>: load and check config files without binding a port.</summary>
internal static class ValidateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = ConfigFileOption.Create();
        var format = new Option<string>("--format")
        {
            Description = "How to write problems: text (path:line:col: severity: message), json, or github (Actions annotations)",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json", "github");
        var print = new Option<bool>("--print")
        {
            Description = "When valid, write the effective config (defaults filled in) as YAML",
        };
        var command = new Command(
            "validate",
            "Load and check config files without binding a port; exit 0 valid, 1 invalid, 2 usage error")
        {
            files, format, print,
        };
        HelpExamples.Add(
            command,
            "aileron validate -f config.yaml",
            "aileron validate -f base.yaml -f proxy.yaml --format github",
            "aileron validate -f config.yaml --print > effective.yaml");
        command.SetAction(parse =>
        {
            var paths = parse.GetRequiredValue(files);
            if (!ConfigFileOption.CheckReadable(paths, error))
            {
                return ExitCodes.Usage;
            }

            var result = ConfigLoader.LoadFiles(paths);
            var kind = Enum.Parse<DiagnosticFormat>(parse.GetValue(format) ?? "text", ignoreCase: true);
            var printing = parse.GetValue(print);
            if (kind == DiagnosticFormat.Json || result.Diagnostics.Count > 0)
            {
                // With --print the YAML owns stdout, so problems go to stderr.
                DiagnosticFormatter.Write(result.Diagnostics, kind, printing ? error : output);
            }

            if (printing && result.Config is not null)
            {
                ConfigPrinter.Print(result.Config, output);
            }
            else if (kind == DiagnosticFormat.Text && !result.HasErrors)
            {
                var warnings = result.Diagnostics.Count;
                output.WriteLine(
                    $"{string.Join(", ", paths)}: valid" + (warnings > 0 ? $" ({warnings} warning{(warnings == 1 ? "" : "s")})" : string.Empty));
            }

            return result.HasErrors ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }
}
