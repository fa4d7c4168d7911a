namespace Aileron.Hosting.Listening;

/// <summary>A server could not bind its address (in use, not permitted, no such interface): a one-line user error.</summary>
internal sealed class ListenException(string message, Exception inner) : Exception(message, inner);
