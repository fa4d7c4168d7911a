using System.Xml.Linq;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Deploy;

/// <summary>The tool's project file: its version and the SDK container settings of <c>dotnet publish /t:PublishContainer</c>.</summary>
internal sealed class ToolProject(XDocument project)
{
    public static string File => RepositoryFiles.Path("src", "Aileron.Tool", "Aileron.Tool.csproj");

    public static ToolProject Load() => new(XDocument.Load(File));

    public string Property(string name) =>
        project.Descendants(name).LastOrDefault()?.Value ?? throw new Xunit.Sdk.XunitException($"{File} sets no {name}");

    /// <summary>The values of an item type, each Include split at ';' as MSBuild does.</summary>
    public IReadOnlyList<string> Items(string name) =>
        [.. project.Descendants(name).SelectMany(e => ((string?)e.Attribute("Include") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))];
}
