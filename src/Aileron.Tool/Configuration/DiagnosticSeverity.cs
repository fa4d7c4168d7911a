namespace Aileron.Configuration;

internal enum DiagnosticSeverity
{
    Error,
    Warning,
}
