using Yarp.ReverseProxy.Forwarder;

namespace Aileron.Forwarding;

/// <summary>Why a forward failed, told the way YARP tells it, so both forwarding paths are handled by one code.</summary>
internal sealed class ForwarderErrorFeature(ForwarderError error, Exception? exception) : IForwarderErrorFeature
{
    public ForwarderError Error { get; } = error;

    public Exception? Exception { get; } = exception;
}
