namespace Aileron.Admin;

/// <summary>The admin endpoint could not be read: a one-line user error.</summary>
internal sealed class AdminClientException(string message, Exception? inner = null) : Exception(message, inner);
