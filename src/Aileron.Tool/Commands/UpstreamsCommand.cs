using System.CommandLine;
using Aileron.Admin;
using Aileron.Configuration;
using Aileron.Configuration.Diagnostics;
using Aileron.Discovery;
using Aileron.Forwarding;
using Aileron.Forwarding.Transport;
using Aileron.Health;
using Aileron.Hosting;

namespace Aileron.Commands;

/// <summary>
/// <c>aileron upstreams</c>: what each load balancer would serve, with <c>--probe</c> whether it is up
/// right now, and with <c>--admin URL</c> how a running <c>serve</c> sees it.
/// </summary>
internal static class UpstreamsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = ConfigFileOption.Create(required: false);
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
        var admin = new Option<string>("--admin")
        {
            Description = "Show the live state of a running 'aileron serve --admin ADDR' instead (health, checks, requests, ejections): "
                + "its admin URL, e.g. http://127.0.0.1:9901 or just the port",
            HelpName = "URL",
        };
        var command = new Command(
            "upstreams",
            "List every load balancer (listeners, match, algorithm) with its upstreams, weights and share of traffic; --probe checks each live")
        {
            files, probe, format, admin,
        };
        command.Validators.Add(result =>
        {
            var live = result.GetResult(admin) is not null;
            var config = result.GetResult(files) is not null;
            if (live && (config || result.GetResult(probe) is not null))
            {
                result.AddError("--admin shows a running serve: it takes neither -f nor --probe");
            }
            else if (!live && !config)
            {
                result.AddError("Option '--file' is required: the config to list (or --admin URL for a running serve).");
            }
        });
        HelpExamples.Add(
            command,
            "aileron upstreams -f config.yaml",
            "aileron upstreams -f config.yaml --probe",
            "aileron upstreams -f config.yaml --format json",
            "aileron upstreams --admin http://127.0.0.1:9901");
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(admin) is { } url)
            {
                return await ShowLiveAsync(url, parse.GetValue(format) == "json", output, error, cancellationToken);
            }

            var paths = parse.GetRequiredValue(files);
            if (!ConfigFileOption.CheckReadable(paths, error))
            {
                return ExitCodes.Usage;
            }

            var loaded = ConfigLoader.LoadFiles(paths);
            DiagnosticFormatter.Write(loaded.Diagnostics, DiagnosticFormat.Text, error);
            if (loaded.Config is not { } declared)
            {
                return ExitCodes.CheckFailed;
            }

            // What serve would balance over: resolve: true upstreams as the endpoints their names have now.
            var config = await EndpointExpansion.ResolveOnceAsync(declared, SystemHostResolver.Instance, cancellationToken);

            UpstreamsReport report;
            if (parse.GetValue(probe))
            {
                using var healthProbe = new HealthProbe();
                // An upstream behind an HTTPClient is probed through it: its TLS trust, server name, dialer.
                var transports = config.LoadBalancers.Where(lb => lb.Client is not null).DistinctBy(lb => lb.Client!.Id).ToDictionary(
                    lb => lb.Client!.Id,
                    lb => new UpstreamTransport(
                        UpstreamTransportFactory.Options(lb.Client!), new ConnectTimeouts(lb.Spec.ConnectTimeout), TimeProvider.System, lb.Spec.ConnectTimeout, http1: false));
                try
                {
                    report = await UpstreamsReportBuilder.ProbeAsync(config, healthProbe, cancellationToken, lb => lb.Client is { } c ? transports[c.Id] : null);
                }
                finally
                {
                    foreach (var transport in transports.Values)
                    {
                        transport.Dispose();
                    }
                }
            }
            else
            {
                report = UpstreamsReportBuilder.FromConfig(config);
            }

            Write(report, parse.GetValue(format) == "json", output);

            var down = report.Down.Select(u => $"{u.Url} ({u.Probe!.Detail})").Distinct().ToList();
            if (down.Count > 0)
            {
                error.WriteLine($"aileron: {down.Count} upstream{(down.Count == 1 ? " is" : "s are")} down: {string.Join(", ", down)}");
            }

            return down.Count > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<int> ShowLiveAsync(string url, bool json, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!AdminClient.TryResolve(url, out var uri))
        {
            error.WriteLine($"aileron: --admin '{url}' is not a URL; write it as http://127.0.0.1:9901 or 127.0.0.1:9901");
            return ExitCodes.Usage;
        }

        try
        {
            Write(await AdminClient.GetUpstreamsAsync(uri!, AdminClient.DefaultTimeout, cancellationToken), json, output);
            return ExitCodes.Ok;
        }
        catch (AdminClientException e)
        {
            error.WriteLine($"aileron: {e.Message}");
            return ExitCodes.CheckFailed;
        }
    }

    private static void Write(UpstreamsReport report, bool json, TextWriter output)
    {
        if (json)
        {
            UpstreamsJson.Write(report, output);
        }
        else
        {
            UpstreamsRenderer.WriteTable(report, output);
        }
    }
}
