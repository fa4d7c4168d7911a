namespace Aileron.Tls;

/// <summary>A certificate, key or CA file could not be used; the message is one line naming the file.</summary>
internal sealed class TlsLoadException(string message) : Exception(message);
