using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>The log events of the HTTPClients upstreams are reached through.</summary>
internal static partial class TransportLog
{
    /// <summary>What each HTTPClient of <paramref name="runtime"/> speaks, and a warning for each that checks no certificate.</summary>
    public static void Transports(ILogger logger, ProxyRuntime runtime)
    {
        foreach (var transport in runtime.Transports.Values)
        {
            var options = transport.Options;
            var lbs = string.Join(' ', runtime.LoadBalancers.Values.Where(lb => lb.Transport == transport).Select(lb => lb.Name));
            var protocol = options.Http3Only ? "h3" : options.Http2Only ? options.H2c ? "h2 h2c" : "h2" : options.AllowHttp2 ? "http/1.1 h2" : "http/1.1";
            var tls = options.InsecureSkipVerify ? "insecure" : options.Tls?.CertificateChainPolicy is not null ? "rootCAs" : "system";
            Client(logger, options.Name, protocol, tls, transport.Http1 is null ? "yarp" : "http1+yarp", lbs);
            if (options.InsecureSkipVerify)
            {
                InsecureSkipVerify(logger, options.Name, lbs);
            }
        }
    }

    /// <summary>One line per HTTPClient at start and at each reload: what its load balancers speak to their upstreams.</summary>
    [LoggerMessage(Level = LogLevel.Information, Message = "upstream client")]
    public static partial void Client(ILogger logger, string client, string protocol, string tls, string forwarder, string loadBalancers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "insecureSkipVerify: upstream certificates are NOT checked: anyone on the path can read and change this traffic")]
    public static partial void InsecureSkipVerify(ILogger logger, string client, string loadBalancers);
}
