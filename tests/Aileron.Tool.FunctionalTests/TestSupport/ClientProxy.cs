using Aileron.Observability;
using Microsoft.Extensions.Logging;

namespace Aileron.Tests.TestSupport;

/// <summary>A proxy started on a <see cref="ClientConfig"/> config, with its log kept.</summary>
internal static class ClientProxy
{
    /// <summary>A proxy over <paramref name="urls"/> through an HTTPClient; its log lines go to <paramref name="lines"/>.</summary>
    /// <param name="serverFields">YAML lines for the HTTPServer's spec (a TLS listener, say).</param>
    public static async Task<(TestProxy Proxy, ProxyLog Log)> StartAsync(
        IEnumerable<string> urls, string clientSpec, LogCapture lines, string forwarder = Forwarders.Http1, string extra = "", string serverFields = "")
    {
        var log = new ProxyLog(lines, LogLevel.Information, LogFormat.Text, TimeProvider.System);
        var options = Forwarders.Options(forwarder) with { Log = log };
        var yaml = ClientConfig.Yaml(urls, clientSpec, extra);
        return (await TestProxy.StartAsync(serverFields.Length == 0 ? yaml : TestConfig.WithServerFields(yaml, serverFields), options), log);
    }
}
