using System.CommandLine;
using System.Globalization;
using Aileron.Admin;
using Aileron.Configuration;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Hosting;
using Aileron.Hosting.Listening;
using Aileron.Observability;
using Aileron.Reload;
using Aileron.Tls;
using Microsoft.Extensions.Logging;

namespace Aileron.Commands;

/// <summary>
/// <c>aileron serve</c> (and the bare <c>aileron -f FILE</c>, AILERON's own command line): load the
/// config, bind every server the Entrypoint runs, proxy (reloading the config when a file changes
/// or on SIGHUP) until SIGTERM/SIGINT, drain, exit 0.
/// </summary>
internal static class ServeCommand
{
    private static readonly string[] Examples =
    [
        "aileron serve -f examples/proxy-loadbalancing/config-round-robin.yaml",
        "aileron -f config.yaml --access-log --log-format json",
        "aileron serve -f config.yaml --admin 127.0.0.1:9901",
        "aileron serve -f config.yaml --io-threads 1",
    ];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command(
            "serve",
            "Run the proxy: listen on every HTTPServer the Entrypoint runs and load-balance requests to the upstreams");
        Configure(command, output, error);
        return command;
    }

    /// <summary>Makes the root command serve too, so <c>aileron -f config.yaml</c> works like AILERON's binary.</summary>
    public static void ConfigureRoot(RootCommand root, TextWriter output, TextWriter error) => Configure(root, output, error);

    /// <summary>Serves until <paramref name="stop"/> fires, then drains until each server's timeout or <paramref name="force"/>.</summary>
    /// <param name="hangup">Reloads the config on each SIGHUP while serving, when given.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> files, ProxyHostOptions options, TextWriter error, CancellationToken stop, CancellationToken force,
        ReloadSignal? hangup = null)
    {
        if (!ConfigFileOption.CheckReadable(files, error))
        {
            return ExitCodes.Usage;
        }

        // Taken before loading: a change made while the proxy starts is then reloaded, not missed.
        var fingerprint = ConfigReloader.Fingerprint(files);
        var result = ConfigLoader.LoadFiles(files);
        if (result.Diagnostics.Count > 0)
        {
            DiagnosticFormatter.Write(result.Diagnostics, DiagnosticFormat.Text, error);
        }

        if (result.Config is not { } config)
        {
            return ExitCodes.CheckFailed;
        }

        if (config.Servers.Count == 0)
        {
            error.WriteLine("aileron: the Entrypoint runs no HTTPServer: nothing to serve");
            return ExitCodes.CheckFailed;
        }

        ProxyHost host;
        try
        {
            host = new ProxyHost(config, options);
        }
        catch (TlsLoadException e)
        {
            // A TLS file an HTTPClient names changed or went away since the config was checked.
            error.WriteLine($"aileron: {e.Message}");
            return ExitCodes.CheckFailed;
        }

        await using (host)
        {
            try
            {
                await host.StartAsync(stop);
            }
            catch (ListenException e)
            {
                error.WriteLine($"aileron: {e.Message}");
                return ExitCodes.CheckFailed;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }

            await using (var reloader = new ConfigReloader(files, host, options.Log, serving: fingerprint))
            {
                hangup?.OnSignal = () => reloader.Ask("SIGHUP", force: true);
                try
                {
                    await Task.Delay(Timeout.Infinite, stop);
                }
                catch (OperationCanceledException)
                {
                    // The signal to stop: drain below, with no reload under way.
                }

                hangup?.OnSignal = null;
            }

            await host.StopAsync(force);
        }

        return ExitCodes.Ok;
    }

    private static void Configure(Command command, TextWriter output, TextWriter error)
    {
        var files = ConfigFileOption.Create();
        var level = new Option<string>("--log-level")
        {
            Description = "Least severe log lines written: debug, info, warn or error",
            DefaultValueFactory = _ => "info",
        };
        level.AcceptOnlyFromAmong("debug", "info", "warn", "error");
        var format = new Option<string>("--log-format")
        {
            Description = "Log lines as text (time level message key=value …) or json (one object per line)",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var access = new Option<bool>("--access-log")
        {
            Description = "Log every request: method, path, status, upstream, duration",
        };
        var admin = new Option<ListenAddress?>("--admin")
        {
            Description = "Serve live upstream state (/upstreams), Prometheus metrics (/metrics), /healthz and /readyz on ADDR: "
                + "127.0.0.1:9901, [::1]:9901, localhost:9901; a bare port means loopback",
            HelpName = "ADDR",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (AdminAddress.TryParse(text, out var address, out var problem))
                {
                    return address;
                }

                result.AddError($"--admin: {problem}");
                return null;
            },
        };
        var threads = new Option<int?>("--io-threads")
        {
            Description = "Socket event threads that run the proxy (default: one per core); fewer can carry more when the "
                + "proxy shares its cores with other busy processes, as nginx's worker_processes",
            HelpName = "N",
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= SocketCompletions.MaxThreads)
                {
                    return n;
                }

                result.AddError($"--io-threads: '{text}' is not a thread count; give 1 to {SocketCompletions.MaxThreads}");
                return null;
            },
        };
        var forwarder = new Option<string>("--forwarder")
        {
            Description = "Who forwards bodiless HTTP/1.x requests to http:// upstreams: http1, aileron's own HTTP/1.1 client "
                + "(YARP forwards the rest), or yarp, YARP's forwarder and HttpClient for every request",
            DefaultValueFactory = _ => "http1",
        };
        forwarder.AcceptOnlyFromAmong("http1", "yarp");
        command.Options.Add(files);
        command.Options.Add(level);
        command.Options.Add(format);
        command.Options.Add(access);
        command.Options.Add(admin);
        command.Options.Add(threads);
        command.Options.Add(forwarder);
        HelpExamples.Add(command, Examples);
        command.SetAction(async (parse, _) =>
        {
            var minimum = parse.GetValue(level) switch
            {
                "debug" => LogLevel.Debug,
                "warn" => LogLevel.Warning,
                "error" => LogLevel.Error,
                _ => LogLevel.Information,
            };
            var kind = parse.GetValue(format) == "json" ? LogFormat.Json : LogFormat.Text;
            if (parse.GetValue(threads) is { } count)
            {
                SocketCompletions.UseThreads(count);
            }

            await using var log = new ProxyLog(output, minimum, kind, TimeProvider.System);
            var options = new ProxyHostOptions
            {
                Log = log,
                AccessLog = parse.GetValue(access),
                Admin = parse.GetValue(admin),
                Http1Client = parse.GetValue(forwarder) != "yarp",
                Watch = (watched, changed) => new ConfigWatcher(watched, changed, ConfigReloader.DefaultPollInterval, TimeProvider.System),
            };
            using var signals = new ShutdownSignals();
            using var hangup = new ReloadSignal();
            return await RunAsync(parse.GetRequiredValue(files), options, error, signals.Stop, signals.Force, hangup);
        });
    }
}
