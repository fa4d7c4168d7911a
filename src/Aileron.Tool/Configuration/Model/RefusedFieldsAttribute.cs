namespace Aileron.Configuration.Model;

/// <summary>
/// Fields that AILERON's schema has on this type and that change security or transport, which
/// aileron does not implement: writing one is an error (never a warning), with
/// <see cref="Reason"/> saying why, so a config never runs with less than it asked for. A field
/// written empty (<c>sockOption: {}</c>, or only comments under it) asks for nothing and passes.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
internal sealed class RefusedFieldsAttribute(string reason, params string[] names) : Attribute
{
    public string Reason { get; } = reason;

    public IReadOnlyList<string> Names { get; } = names;
}
