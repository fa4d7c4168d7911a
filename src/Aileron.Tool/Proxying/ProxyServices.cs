using Aileron.Health;
using Aileron.Observability;
using Microsoft.Extensions.Logging;

namespace Aileron.Proxying;

/// <summary>What every handler of one running configuration shares.</summary>
/// <param name="Feedback">Told every forwarding outcome: health checking.</param>
/// <param name="AccessLog">Whether each answered request gets an access log line.</param>
/// <param name="Metrics">Where each answered request is counted and timed; null when nothing reads metrics.</param>
/// <param name="Requests">The requests running on this configuration, so a reload can retire it when they are done.</param>
internal sealed record ProxyServices(
    UpstreamForwarders Forwarders,
    IUpstreamFeedback Feedback,
    ILogger Logger,
    bool AccessLog,
    TimeProvider Time,
    ProxyMetrics? Metrics,
    InFlightRequests Requests);
