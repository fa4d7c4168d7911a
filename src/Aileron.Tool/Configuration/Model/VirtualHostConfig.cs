namespace Aileron.Configuration.Model;

internal sealed record VirtualHostConfig(VirtualHostSpec Spec, IReadOnlyList<HandlerConfig> Handlers);
