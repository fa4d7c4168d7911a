using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Aileron.Commands;

/// <summary>
/// Adds an "Examples:" section to <c>--help</c>, per command, after System.CommandLine's own help,
/// so the command list stays one line per command while each command's help shows how to call it.
/// </summary>
internal static class HelpExamples
{
    private static readonly ConditionalWeakTable<Command, string[]> Examples = [];

    public static void Add(Command command, params string[] examples) => Examples.AddOrUpdate(command, examples);

    /// <summary>Wraps the root's (recursive) help option so every command's help ends with its examples.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction inner)
        {
            help.Action = new ExamplesAction(inner);
        }
    }

    private sealed class ExamplesAction(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var result = inner.Invoke(parseResult);
            if (Examples.TryGetValue(parseResult.CommandResult.Command, out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine($"  {example}");
                }

                output.WriteLine();
            }

            return result;
        }
    }
}
