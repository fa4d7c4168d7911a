namespace Aileron.Forwarding;

/// <summary>
/// A request feature: the Host to ask an upstream for when it is not the authority of the URL
/// dialled (an endpoint resolved from a name is dialled by address and asked for by name).
/// </summary>
internal sealed record UpstreamAuthority(string Authority);
