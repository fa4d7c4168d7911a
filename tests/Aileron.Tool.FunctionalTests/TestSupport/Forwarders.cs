using Aileron.Hosting;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// The proxy's two forwarding paths, for theories that must hold on both: <c>http1</c> (aileron's own
/// HTTP/1.1 client for bodiless requests, YARP for the rest) and <c>yarp</c> (YARP for every request).
/// Plus the raw-socket plumbing the hostile-upstream suites share.
/// </summary>
internal static class Forwarders
{
    public const string Http1 = "http1";
    public const string Yarp = "yarp";

    /// <summary>How long a test waits for something that should take milliseconds.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Each forwarder once.</summary>
    public static TheoryData<string> Both => [Http1, Yarp];

    /// <summary>Each forwarder with each of <paramref name="cases"/>.</summary>
    public static TheoryData<string, string> With(params string[] cases)
    {
        var data = new TheoryData<string, string>();
        foreach (var forwarder in (string[])[Http1, Yarp])
        {
            foreach (var item in cases)
            {
                data.Add(forwarder, item);
            }
        }

        return data;
    }

    public static ProxyHostOptions Options(string forwarder) => forwarder switch
    {
        Http1 => new ProxyHostOptions(),
        Yarp => new ProxyHostOptions { Http1Client = false },
        _ => throw new ArgumentOutOfRangeException(nameof(forwarder), forwarder, "http1 or yarp"),
    };

    /// <summary>A proxy over one upstream through <paramref name="forwarder"/>; <paramref name="extra"/> adds load balancer YAML lines.</summary>
    public static Task<TestProxy> StartAsync(ScriptedUpstream upstream, string forwarder, string extra = "") =>
        TestProxy.OverAsync([upstream.Url], extra, Options(forwarder));

    /// <summary>A request on a connection of its own that the server closes after answering.</summary>
    public static string Request(string method, string target, string headers = "", string body = "") =>
        $"{method} {target} HTTP/1.1\r\nHost: a\r\n{headers}Connection: close\r\n\r\n{body}";

    /// <summary>Sends <c>GET target</c> on a new client connection and parses the answer.</summary>
    public static Task<RawResponse> GetAsync(TestProxy proxy, string target) =>
        RawConnection.RequestAsync(proxy.BaseAddress.Port, Request("GET", target));

    /// <summary>Sends a raw request on a new client connection and parses the answer.</summary>
    public static Task<RawResponse> SendAsync(TestProxy proxy, string request, bool headRequest = false) =>
        RawConnection.RequestAsync(proxy.BaseAddress.Port, request, headRequest);

    /// <summary>The client got exactly the answer the upstream gave its own request for <paramref name="target"/>.</summary>
    public static void AssertOwn(RawResponse response, string target)
    {
        Assert.True(
            response.Status == 200 && response.Complete && response.Body == $"path={target}",
            $"the client that asked for {target} was answered:\n{response}");
    }

    /// <summary>
    /// On the http1 path, waits until the proxy has either put the upstream connection back in its pool
    /// or closed it, so the next request finds the pool as the last answer left it (the client can read
    /// the end of an answer a moment before the connection goes back). YARP's HttpClient returns a
    /// connection as it reads the end of a body, before passing it on, so there is nothing to wait for.
    /// </summary>
    public static async Task SettledAsync(TestProxy proxy, ScriptedUpstream upstream, int connection, bool bodiless = true)
    {
        if (proxy.Host.Clients.Forwarders.Http1 is { } http1 && bodiless)
        {
            await Eventually.True(
                () => http1.PoolOf(upstream.Url).IdleCount > 0 || upstream.HasEnded(connection),
                $"the proxy to pool or close upstream connection {connection}");
        }
    }
}
