using System.Globalization;
using System.Reflection;
using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using YamlDotNet.RepresentationModel;

namespace Aileron.Configuration.Yaml;

/// <summary>
/// Binds YAML nodes onto the config records, checking every key and value as it goes: unknown
/// fields and enum values get a "did you mean", AILERON fields aileron does not implement get a
/// warning, and every bound node remembers where it and its fields stand.
/// </summary>
internal sealed class YamlBinder(string file, DiagnosticBag diagnostics)
{
    private static readonly PropertyInfo PositionProperty = typeof(ConfigNode).GetProperty(nameof(ConfigNode.Position))!;
    private static readonly PropertyInfo PathProperty = typeof(ConfigNode).GetProperty(nameof(ConfigNode.Path))!;
    private static readonly PropertyInfo FieldPositionsProperty =
        typeof(ConfigNode).GetProperty(nameof(ConfigNode.FieldPositions))!;
    private static readonly PropertyInfo InvalidFieldsProperty =
        typeof(ConfigNode).GetProperty(nameof(ConfigNode.InvalidFields))!;

    public string File => file;

    public SourcePosition At(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

    public T Bind<T>(YamlMappingNode map, string path)
        where T : ConfigNode => (T)BindNode(typeof(T), map, path);

    /// <summary>Binds a node that must be a mapping; reports and returns null otherwise.</summary>
    public T? BindMapping<T>(YamlNode node, string path)
        where T : ConfigNode
    {
        if (node is YamlMappingNode map)
        {
            return Bind<T>(map, path);
        }

        diagnostics.Error(At(node), $"{path}: expected a mapping (key: value lines), found {Describe(node)}");
        return null;
    }

    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any } s
        && (s.Value is null or "" or "~" or "null" or "Null" or "NULL");

    /// <summary>Null, <c>{}</c> or <c>[]</c>: a value that asks for nothing.</summary>
    public static bool IsEmpty(YamlNode node) =>
        IsNull(node) || node is YamlMappingNode { Children.Count: 0 } || node is YamlSequenceNode { Children.Count: 0 };

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => "something else",
    };

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private ConfigNode BindNode(Type type, YamlMappingNode map, string path)
    {
        var schema = ConfigSchema.For(type);
        var node = (ConfigNode)Activator.CreateInstance(type)!;
        var positions = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var invalid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? string.Empty;
            var field = schema.Find(key);
            if (field is null)
            {
                ReportUnknownField(schema, key, valueNode, path, At(keyNode));
                continue;
            }

            if (IsNull(valueNode))
            {
                continue;
            }

            var fieldPath = Join(path, key);
            var value = BindValue(field.Property.PropertyType, valueNode, fieldPath, positions, key);
            if (value is not null)
            {
                field.Property.SetValue(node, value);
                positions[key] = At(valueNode);
            }
            else
            {
                invalid.Add(key);
            }
        }

        PositionProperty.SetValue(node, At(map));
        PathProperty.SetValue(node, path);
        FieldPositionsProperty.SetValue(node, positions);
        InvalidFieldsProperty.SetValue(node, invalid);
        return node;
    }

    private void ReportUnknownField(ConfigSchema schema, string key, YamlNode value, string path, SourcePosition at)
    {
        var where = path.Length == 0 ? "the resource" : path;
        if (schema.NotSupported.Contains(key))
        {
            diagnostics.Warning(at, $"{Join(path, key)}: ignored: not supported by aileron");
            return;
        }

        if (schema.Refused.TryGetValue(key, out var reason))
        {
            if (!IsEmpty(value))
            {
                diagnostics.Error(at, $"{Join(path, key)}: not supported by aileron: {reason}");
            }

            return;
        }

        var suggestion = NameSuggester.Closest(key, schema.KnownNames);
        var hint = suggestion is null
            ? $"; valid fields: {string.Join(", ", schema.Fields.Select(f => f.YamlName))}"
            : $"; did you mean '{suggestion}'?";
        diagnostics.Error(at, $"unknown field '{key}' in {where}{hint}");
    }

    private object? BindValue(
        Type type, YamlNode node, string path, Dictionary<string, SourcePosition> positions, string key)
    {
        // A nullable number or flag is null when the YAML leaves it out, so a check can tell "not written" from a default.
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            return BindList(type.GetGenericArguments()[0], node, path, positions, key);
        }

        if (type == typeof(IReadOnlyDictionary<string, string>))
        {
            return BindStringMap(node, path, positions, key);
        }

        if (typeof(ConfigNode).IsAssignableFrom(type))
        {
            if (node is YamlMappingNode map)
            {
                return BindNode(type, map, path);
            }

            diagnostics.Error(At(node), $"{path}: expected a mapping (key: value lines), found {Describe(node)}");
            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            diagnostics.Error(At(node), $"{path}: expected {ScalarKind(type)}, found {Describe(node)}");
            return null;
        }

        return BindScalar(type, scalar, path);
    }

    private object? BindList(
        Type itemType, YamlNode node, string path, Dictionary<string, SourcePosition> positions, string key)
    {
        if (node is not YamlSequenceNode sequence)
        {
            diagnostics.Error(At(node), $"{path}: expected a list (lines starting with '- '), found {Describe(node)}");
            return null;
        }

        var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var itemKey = $"{key}[{index}]";
            var itemPath = $"{path}[{index}]";
            index++;
            if (IsNull(item))
            {
                diagnostics.Error(At(item), $"{itemPath}: empty list item");
                continue;
            }

            var value = BindValue(itemType, item, itemPath, positions, itemKey);
            if (value is not null)
            {
                list.Add(value);
                positions[itemKey] = At(item);
            }
        }

        return list;
    }

    /// <summary>A mapping of names to text (AILERON's <c>map&lt;string, string&gt;</c> fields, such as headers).</summary>
    private Dictionary<string, string>? BindStringMap(
        YamlNode node, string path, Dictionary<string, SourcePosition> positions, string key)
    {
        if (node is not YamlMappingNode map)
        {
            diagnostics.Error(At(node), $"{path}: expected a mapping of names to values (name: value lines), found {Describe(node)}");
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (nameNode, valueNode) in map.Children)
        {
            var name = (nameNode as YamlScalarNode)?.Value ?? string.Empty;
            if (valueNode is not YamlScalarNode value)
            {
                diagnostics.Error(At(valueNode), $"{path}.{name}: expected a value, found {Describe(valueNode)}");
                continue;
            }

            result[name] = IsNull(value) ? string.Empty : value.Value ?? string.Empty;
            positions[$"{key}.{name}"] = At(valueNode);
        }

        return result;
    }

    private object? BindScalar(Type type, YamlScalarNode scalar, string path)
    {
        var text = scalar.Value ?? string.Empty;
        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(int))
        {
            if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            diagnostics.Error(At(scalar), $"{path}: expected a whole number, found '{text}'");
            return null;
        }

        if (type == typeof(long))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            diagnostics.Error(At(scalar), $"{path}: expected a whole number, found '{text}'");
            return null;
        }

        if (type == typeof(double))
        {
            if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }

            diagnostics.Error(At(scalar), $"{path}: expected a number such as 1.25, found '{text}'");
            return null;
        }

        if (type == typeof(bool))
        {
            if (text is "true" or "True" or "TRUE")
            {
                return true;
            }

            if (text is "false" or "False" or "FALSE")
            {
                return false;
            }

            diagnostics.Error(At(scalar), $"{path}: expected true or false, found '{text}'");
            return null;
        }

        if (type == typeof(TimeSpan))
        {
            if (DurationParser.TryParse(text, out var duration))
            {
                return duration;
            }

            diagnostics.Error(
                At(scalar), $"{path}: expected a duration such as 500ms, 5s, 2m or a number of seconds, found '{text}'");
            return null;
        }

        if (type.IsEnum)
        {
            return BindEnum(type, text, scalar, path);
        }

        throw new NotSupportedException($"config field type {type} has no YAML binding");
    }

    private object? BindEnum(Type type, string text, YamlScalarNode scalar, string path)
    {
        var names = Enum.GetNames(type);
        if (Array.IndexOf(names, text) >= 0)
        {
            return Enum.Parse(type, text);
        }

        var ranked = NameSuggester.Rank(text, names);
        var suggestion = NameSuggester.Closest(text, names);
        var hint = suggestion is null ? string.Empty : $"; did you mean '{suggestion}'?";
        diagnostics.Error(
            At(scalar), $"{path}: unknown value '{text}'{hint} Valid values: {string.Join(", ", ranked)}");
        return null;
    }

    private static string ScalarKind(Type type) =>
        type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(bool) ? "true or false"
        : type == typeof(TimeSpan) ? "a duration"
        : type.IsEnum ? "one of " + string.Join(", ", Enum.GetNames(type))
        : "a string";
}
