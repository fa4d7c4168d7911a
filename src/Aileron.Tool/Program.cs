using System.CommandLine;
using Aileron.Commands;
using Aileron.Hosting;

namespace Aileron;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        SocketCompletions.PreferInline();
        return RunAsync(args, Console.Out, Console.Error);
    }

    /// <summary>Parses and runs a command line; usage errors print one line per problem and exit 2.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot(output, error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var problem in parse.Errors)
            {
                error.WriteLine($"aileron: {problem.Message}");
            }

            error.WriteLine($"Run '{string.Join(' ', ["aileron", .. CommandPath(parse.CommandResult.Command, root)])} --help' for usage.");
            return ExitCodes.Usage;
        }

        // serve handles SIGTERM/SIGINT itself, to drain for as long as the config allows.
        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
    }

    public static RootCommand BuildRoot(TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "aileron: a reverse proxy with load balancing that reads AILERON Gateway's core/v1 YAML config")
        {
            ServeCommand.Create(output, error),
            ValidateCommand.Create(output, error),
            UpstreamsCommand.Create(output, error),
            SimulateCommand.Create(output, error),
        };
        ServeCommand.ConfigureRoot(root, output, error);
        HelpExamples.Add(
            root,
            "aileron -f examples/proxy-loadbalancing/config-round-robin.yaml",
            "aileron validate -f examples/proxy-loadbalancing/config-round-robin.yaml");
        HelpExamples.Install(root);
        return root;
    }

    private static IEnumerable<string> CommandPath(Command command, RootCommand root)
    {
        var names = new Stack<string>();
        for (var c = command; c is not null && c != root; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Push(c.Name);
        }

        return names;
    }
}
