using System.CommandLine;
using Aileron.Configuration;
using Aileron.Proxy;

namespace Aileron.Commands;

/// <summary><c>aileron upstreams</c>: what each load balancer would serve, and with <c>--probe</c>, whether it is up right now.</summary>
internal static class UpstreamsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = ConfigFileOption.Create();
        var probe = new Option<bool>("--probe")
        {
            Description = "Check each enabled upstream live (GET or TCP connect to its healthCheckAddr, else its URL) "
                + "and show status and latency; exit 1 if any is down",
        };
        var format = new Option<string>("--format")
        {
            Description = "How to write the result: table, or json (the shape is documented in the README)",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command(
            "upstreams",
            "List every load balancer (listeners, match, algorithm) with its upstreams, weights and share of traffic; --probe checks each live")
        {
            files, probe, format,
        };
        HelpExamples.Add(
            command,
            "aileron upstreams -f config.yaml",
            "aileron upstreams -f config.yaml --probe",
            "aileron upstreams -f config.yaml --format json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var paths = parse.GetRequiredValue(files);
            if (!ConfigFileOption.CheckReadable(paths, error))
            {
                return ExitCodes.Usage;
            }

            var loaded = ConfigLoader.LoadFiles(paths);
            DiagnosticFormatter.Write(loaded.Diagnostics, DiagnosticFormat.Text, error);
            if (loaded.Config is not { } config)
            {
                return ExitCodes.CheckFailed;
            }

            UpstreamsReport report;
            if (parse.GetValue(probe))
            {
                using var healthProbe = new HealthProbe();
                report = await UpstreamsReportBuilder.ProbeAsync(config, healthProbe, cancellationToken);
            }
            else
            {
                report = UpstreamsReportBuilder.FromConfig(config);
            }

            if (parse.GetValue(format) == "json")
            {
                UpstreamsJson.Write(report, output);
            }
            else
            {
                UpstreamsRenderer.WriteTable(report, output);
            }

            var down = report.Down.Select(u => $"{u.Url} ({u.Probe!.Detail})").Distinct().ToList();
            if (down.Count > 0)
            {
                error.WriteLine($"aileron: {down.Count} upstream{(down.Count == 1 ? " is" : "s are")} down: {string.Join(", ", down)}");
            }

            return down.Count > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }
}
