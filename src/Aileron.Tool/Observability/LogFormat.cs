namespace Aileron.Observability;

/// <summary>How <c>serve</c> writes log lines: logfmt-style text or one JSON object per line.</summary>
internal enum LogFormat
{
    Text,
    Json,
}
