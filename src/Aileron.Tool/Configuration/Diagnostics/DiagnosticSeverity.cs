namespace Aileron.Configuration.Diagnostics;

internal enum DiagnosticSeverity
{
    Error,
    Warning,
}
