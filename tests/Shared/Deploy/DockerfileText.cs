using System.Text.Json;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Deploy;

/// <summary>The repository's Dockerfile as instructions (continuation lines joined, comments dropped).</summary>
internal sealed class DockerfileText
{
    private DockerfileText(IReadOnlyList<(string Instruction, string Arguments)> instructions) => Instructions = instructions;

    public static string File => RepositoryFiles.Path("Dockerfile");

    public IReadOnlyList<(string Instruction, string Arguments)> Instructions { get; }

    /// <summary>The instructions of the last stage: what the image is made of.</summary>
    public IReadOnlyList<(string Instruction, string Arguments)> FinalStage =>
        [.. Instructions.Skip(Instructions.Select((x, i) => (x, i)).Last(p => p.x.Instruction == "FROM").i)];

    public static DockerfileText Load()
    {
        var instructions = new List<(string, string)>();
        var pending = string.Empty;
        foreach (var raw in System.IO.File.ReadAllLines(File))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && pending.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            line = (pending + line).Trim();
            pending = string.Empty;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0 ? (line.ToUpperInvariant(), string.Empty) : (line[..space].ToUpperInvariant(), line[(space + 1)..].Trim()));
        }

        return new DockerfileText(instructions);
    }

    /// <summary>The exec form (JSON array) of the final stage's last instruction of this name; the shell form is an error here.</summary>
    public IReadOnlyList<string> ExecForm(string instruction)
    {
        var arguments = FinalStage.LastOrDefault(i => i.Instruction == instruction).Arguments;
        Assert.True(arguments is not null, $"the Dockerfile's final stage has no {instruction}");
        Assert.True(arguments.StartsWith('['), $"{instruction} {arguments}: use the exec form (a JSON array), so signals reach aileron, not a shell");
        return JsonSerializer.Deserialize<string[]>(arguments)!;
    }

    public string Last(string instruction) =>
        FinalStage.LastOrDefault(i => i.Instruction == instruction).Arguments
        ?? throw new Xunit.Sdk.XunitException($"the Dockerfile's final stage has no {instruction}");
}
