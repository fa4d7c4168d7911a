namespace Aileron.Configuration;

internal enum DiagnosticFormat
{
    Text,
    Json,
    Github,
}
