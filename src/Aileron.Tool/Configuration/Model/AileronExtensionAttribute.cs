namespace Aileron.Configuration.Model;

/// <summary>Marks a field that aileron adds to AILERON's schema (documented in the README).</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class AileronExtensionAttribute : Attribute;
