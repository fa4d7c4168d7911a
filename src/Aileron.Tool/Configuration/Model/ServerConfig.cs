namespace Aileron.Configuration.Model;

/// <summary>An HTTPServer that the Entrypoint runs, with its address parsed and handlers resolved.</summary>
/// <param name="ErrorHandler">The Entrypoint's <c>defaultErrorHandler</c>; null for AILERON's default error answers.</param>
internal sealed record ServerConfig(
    ResourceId Id, HttpServerSpec Spec, ListenAddress Listen, IReadOnlyList<VirtualHostConfig> VirtualHosts, ErrorHandlerSpec? ErrorHandler = null);
