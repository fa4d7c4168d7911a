using Aileron.Hosting;
using Aileron.Observability;
using Aileron.Reload;
using Aileron.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace Aileron.Tests.Hosting;

/// <summary>A proxy with a TLS listener on 127.0.0.1 and an ephemeral port, over one echoing upstream, with its log kept.</summary>
internal sealed class TlsProxy : IAsyncDisposable
{
    private readonly TestUpstream _upstream;
    private readonly ProxyLog _log;

    private TlsProxy(TestUpstream upstream, TestProxy proxy, ProxyLog log, LogCapture logText)
    {
        _upstream = upstream;
        Proxy = proxy;
        _log = log;
        Log = logText;
    }

    public TestProxy Proxy { get; }

    public LogCapture Log { get; }

    public int Port => Proxy.Host.Servers[0].Port;

    public string Url(string host = "localhost") => $"https://{host}:{Port}";

    /// <summary>The YAML of a TLS proxy: <paramref name="tls"/> lines go under <c>tlsConfig</c>, <paramref name="server"/> lines under the HTTPServer spec.</summary>
    public static string Config(string upstreamUrl, string tls, string server = "", string addr = "127.0.0.1:0") =>
        TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer([upstreamUrl]), addr),
            server + "\nhttpConfig:\n  listenConfig:\n    tlsConfig:\n" + TestConfig.Indent(tls, 6));

    /// <summary>The certKeyPairs lines for these pairs.</summary>
    public static string Pairs(params (string CertFile, string KeyFile)[] pairs) =>
        "certKeyPairs:\n" + string.Concat(pairs.Select(p => $"  - {{certFile: \"{p.CertFile}\", keyFile: \"{p.KeyFile}\"}}\n"));

    /// <param name="configure">Turns the upstream's URL into the proxy's config.</param>
    public static async Task<TlsProxy> StartAsync(Func<string, string> configure, TimeSpan? poll = null)
    {
        var upstream = await TestUpstream.EchoAsync();
        var text = new LogCapture();
        var log = new ProxyLog(text, LogLevel.Information, LogFormat.Text, TimeProvider.System);
        var interval = poll ?? TimeSpan.FromMilliseconds(250);
        var options = new ProxyHostOptions
        {
            Log = log,
            Watch = (files, changed) => new ConfigWatcher(files, changed, interval, TimeProvider.System),
        };
        var proxy = await TestProxy.StartAsync(configure(upstream.Url), options);
        return new TlsProxy(upstream, proxy, log, text);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await _upstream.DisposeAsync();
        await _log.DisposeAsync();
    }
}
