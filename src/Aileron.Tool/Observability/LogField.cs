namespace Aileron.Observability;

/// <summary>One key=value of a structured log line.</summary>
internal readonly record struct LogField(string Key, object? Value);
