using System.CommandLine;

namespace Aileron.Commands;

/// <summary>The <c>-f FILE</c> option every config-reading command takes, and the check that its files can be read.</summary>
internal static class ConfigFileOption
{
    public static Option<string[]> Create(bool required = true) => new("--file", "-f")
    {
        Description = "Config file (YAML, one or more documents); repeat -f to load several files as one config",
        Required = required,
        Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = true,
        HelpName = "FILE",
    };

    /// <summary>Reports the first file that cannot be read as a usage error; true when all can be.</summary>
    public static bool CheckReadable(IReadOnlyList<string> files, TextWriter error)
    {
        foreach (var file in files)
        {
            if (Directory.Exists(file))
            {
                error.WriteLine($"aileron: {file} is a directory: pass the YAML files in it with -f, e.g. -f {Path.Combine(file, "config.yaml")}");
                return false;
            }

            if (!File.Exists(file) && file.StartsWith('-'))
            {
                error.WriteLine($"aileron: unknown option '{file}'");
                return false;
            }

            if (!File.Exists(file))
            {
                error.WriteLine($"aileron: {file}: no such file");
                return false;
            }

            try
            {
                using var stream = File.OpenRead(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"aileron: {file}: cannot read: {e.Message}");
                return false;
            }
        }

        return true;
    }
}
