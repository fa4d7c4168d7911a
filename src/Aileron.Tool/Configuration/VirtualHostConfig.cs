namespace Aileron.Configuration;

internal sealed record VirtualHostConfig(VirtualHostSpec Spec, IReadOnlyList<HandlerConfig> Handlers);
