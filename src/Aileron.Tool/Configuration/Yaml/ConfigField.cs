using System.Reflection;

namespace Aileron.Configuration.Yaml;

/// <summary>One bindable property of a config record and its YAML name.</summary>
internal sealed record ConfigField(string YamlName, PropertyInfo Property);
