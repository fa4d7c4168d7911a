namespace Aileron.Configuration.Model;

/// <summary>
/// Fields that AILERON's schema has on this type but aileron does not implement: loading them is a
/// warning ("ignored: not supported"), never an error and never silent.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class NotSupportedFieldsAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
