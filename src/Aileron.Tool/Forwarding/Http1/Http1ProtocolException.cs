namespace Aileron.Forwarding.Http1;

/// <summary>An upstream's response broke HTTP/1.1's rules: it is answered as a 502, and the connection is dropped.</summary>
internal sealed class Http1ProtocolException(string message) : Exception(message);
