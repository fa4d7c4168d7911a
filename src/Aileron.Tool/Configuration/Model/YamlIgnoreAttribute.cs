namespace Aileron.Configuration.Model;

/// <summary>A property that the YAML binder neither reads nor prints.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class YamlIgnoreAttribute : Attribute;
