using YamlDotNet.RepresentationModel;

namespace Aileron.Tests.Deploy;

/// <summary>One Kubernetes object of a manifest file, read by path (<c>spec.template.spec</c>) without a schema.</summary>
internal sealed class KubeObject(string file, YamlMappingNode root)
{
    public string File { get; } = file;

    public YamlMappingNode Root { get; } = root;

    public string Kind => Scalar(Root, "kind") ?? throw new InvalidOperationException($"{File}: an object without a kind");

    public string Name => Scalar(Root, "metadata.name") ?? throw new InvalidOperationException($"{File}: a {Kind} without metadata.name");

    public override string ToString() => $"{Kind} {Name} ({System.IO.Path.GetFileName(File)})";

    /// <summary>The node at a dotted path of mapping keys, or null when a step is missing.</summary>
    public static YamlNode? At(YamlNode node, string path)
    {
        YamlNode? current = node;
        foreach (var key in path.Split('.'))
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string? Scalar(YamlNode node, string path) => (At(node, path) as YamlScalarNode)?.Value;

    public static int Int(YamlNode node, string path) =>
        int.TryParse(Scalar(node, path), System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"{path}: not a number: '{Scalar(node, path)}'");

    public static IReadOnlyList<YamlNode> Sequence(YamlNode node, string path) =>
        At(node, path) is YamlSequenceNode sequence ? [.. sequence.Children] : [];

    public static IReadOnlyList<string> Strings(YamlNode node, string path) =>
        [.. Sequence(node, path).Select(n => ((YamlScalarNode)n).Value ?? string.Empty)];

    /// <summary>A mapping of scalars (labels, selectors) as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Map(YamlNode node, string path) =>
        At(node, path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value ?? string.Empty, StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>A key of a ConfigMap's <c>data</c>, which may hold dots (<c>config.yaml</c>).</summary>
    public string? Data(string key) =>
        At(Root, "data") is YamlMappingNode data && data.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? (value as YamlScalarNode)?.Value
            : null;

    public YamlNode? At(string path) => At(Root, path);

    public string? Scalar(string path) => Scalar(Root, path);

    public int Int(string path) => Int(Root, path);
}
