using System.Collections.Concurrent;
using System.Reflection;
using Aileron.Configuration.Model;

namespace Aileron.Configuration.Yaml;

/// <summary>
/// The YAML shape of a config record, read once by reflection: its fields by camelCase name, in
/// declaration order, and the AILERON fields it knows but does not implement.
/// </summary>
internal sealed class ConfigSchema
{
    private static readonly ConcurrentDictionary<Type, ConfigSchema> Cache = new();
    private readonly Dictionary<string, ConfigField> _byName;

    private ConfigSchema(Type type)
    {
        Fields = [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<YamlIgnoreAttribute>() is null)
            .OrderBy(p => p.DeclaringType == type ? 0 : 1)
            .ThenBy(p => p.MetadataToken)
            .Select(p => new ConfigField(CamelCase(p.Name), p))];
        _byName = Fields.ToDictionary(f => f.YamlName, StringComparer.Ordinal);
        NotSupported = type.GetCustomAttribute<NotSupportedFieldsAttribute>()?.Names.ToHashSet(StringComparer.Ordinal)
            ?? [];
        Refused = type.GetCustomAttributes<RefusedFieldsAttribute>()
            .SelectMany(a => a.Names.Select(n => KeyValuePair.Create(n, a.Reason)))
            .ToDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyList<ConfigField> Fields { get; }

    public IReadOnlySet<string> NotSupported { get; }

    /// <summary>AILERON's fields here that aileron refuses (security or transport it does not implement), with why.</summary>
    public IReadOnlyDictionary<string, string> Refused { get; }

    /// <summary>Every name the YAML may use here, for "did you mean" suggestions.</summary>
    public IEnumerable<string> KnownNames => Fields.Select(f => f.YamlName).Concat(NotSupported).Concat(Refused.Keys);

    public static ConfigSchema For(Type type) => Cache.GetOrAdd(type, t => new ConfigSchema(t));

    public ConfigField? Find(string yamlName) => _byName.GetValueOrDefault(yamlName);

    public static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
