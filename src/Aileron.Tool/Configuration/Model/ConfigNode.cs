using Aileron.Configuration.Diagnostics;

namespace Aileron.Configuration.Model;

/// <summary>
/// Base of every config record bound from YAML: remembers where the node and each of its fields
/// stand, so a later check can point at the exact line of the value it rejects.
/// </summary>
internal abstract record ConfigNode
{
    /// <summary>Where the mapping that produced this node starts.</summary>
    [YamlIgnore]
    public SourcePosition Position { get; init; } = SourcePosition.None;

    /// <summary>The dotted path of this node in its document, e.g. <c>spec.loadBalancers[0]</c>.</summary>
    [YamlIgnore]
    public string Path { get; init; } = string.Empty;

    /// <summary>Positions of the values of the fields that were set, by YAML name (and <c>name[i]</c> for list items).</summary>
    [YamlIgnore]
    public IReadOnlyDictionary<string, SourcePosition> FieldPositions { get; init; } =
        new Dictionary<string, SourcePosition>();

    /// <summary>Fields the YAML wrote but whose value was rejected (already reported); checks that depend on them stay quiet.</summary>
    [YamlIgnore]
    public IReadOnlySet<string> InvalidFields { get; init; } = new HashSet<string>();

    /// <summary>The position of a field's value, or of this node when the field was not written.</summary>
    public SourcePosition PositionOf(string yamlName) =>
        FieldPositions.TryGetValue(yamlName, out var at) ? at : Position;

    /// <summary>True when the YAML set this field explicitly.</summary>
    public bool IsSet(string yamlName) => FieldPositions.ContainsKey(yamlName);
}
