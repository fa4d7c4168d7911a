namespace Aileron.Configuration.Diagnostics;

/// <summary>One problem found while loading a config, at the position it concerns.</summary>
internal sealed record Diagnostic(DiagnosticSeverity Severity, SourcePosition Position, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public string SeverityName => Severity == DiagnosticSeverity.Error ? "error" : "warning";

    /// <summary>The compiler-style line: <c>path:line:col: error: message</c>.</summary>
    public override string ToString() => $"{Position}: {SeverityName}: {Message}";
}
