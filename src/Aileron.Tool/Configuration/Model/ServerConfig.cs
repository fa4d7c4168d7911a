namespace Aileron.Configuration.Model;

/// <summary>An HTTPServer that the Entrypoint runs, with its address parsed and handlers resolved.</summary>
internal sealed record ServerConfig(
    ResourceId Id, HttpServerSpec Spec, ListenAddress Listen, IReadOnlyList<VirtualHostConfig> VirtualHosts);
