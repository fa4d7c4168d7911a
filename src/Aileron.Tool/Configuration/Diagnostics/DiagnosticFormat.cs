namespace Aileron.Configuration.Diagnostics;

internal enum DiagnosticFormat
{
    Text,
    Json,
    Github,
}
