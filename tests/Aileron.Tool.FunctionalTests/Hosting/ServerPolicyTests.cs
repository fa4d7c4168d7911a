using System.Net;
using System.Net.Sockets;
using System.Text;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>What AILERON's httpConfig asks Go's server to do around each request: Alt-Svc, keep-alive, OPTIONS *, write and read deadlines (functional).</summary>
public sealed class ServerPolicyTests
{
    private static Task<TestProxy> StartAsync(TestUpstream upstream, string httpConfig) =>
        TestProxy.StartAsync(TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer([upstream.Url])), "httpConfig:\n" + TestConfig.Indent(httpConfig, 2)));

    [Fact]
    public async Task AltSvc_is_added_to_every_response_and_disableKeepAlive_closes_each_connection()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("ok");
        await using var proxy = await StartAsync(upstream, "altSvc: 'h3=\":8443\"; ma=3600'\ndisableKeepAlive: true");

        using var response = await proxy.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("h3=\":8443\"; ma=3600", response.Headers.GetValues("Alt-Svc").Single());
        Assert.True(response.Headers.ConnectionClose);
    }

    [Fact]
    public async Task EnableGeneralOptionsHandler_answers_options_star_itself()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("upstream");
        await using var proxy = await StartAsync(upstream, "enableGeneralOptionsHandler: true");

        var answer = await RawAsync(proxy.Host.Servers[0].Port, "OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public async Task WriteTimeout_aborts_a_response_not_written_in_time()
    {
        var received = new TaskCompletionSource();
        await using var upstream = await TestUpstream.StartAsync(async c =>
        {
            received.TrySetResult();
            await Task.Delay(Timeout.Infinite, c.RequestAborted);
        });
        await using var proxy = await StartAsync(upstream, "writeTimeout: 1");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => proxy.Client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.True(received.Task.IsCompleted);
    }

    [Fact]
    public async Task ReadTimeout_aborts_a_request_whose_body_stalls()
    {
        var broken = new TaskCompletionSource();
        await using var upstream = await TestUpstream.BodyReadingAsync("read", broken);
        await using var proxy = await StartAsync(upstream, "readTimeout: 1");

        // A body larger than aileron gathers before sending, so the upstream has the request when it stalls.
        var answer = await RawAsync(proxy.Host.Servers[0].Port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc");

        Assert.DoesNotContain("read", answer, StringComparison.Ordinal);
        await broken.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Sends raw bytes and reads until the server closes (or 15 seconds pass).</summary>
    private static async Task<string> RawAsync(int port, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            return await reader.ReadToEndAsync(deadline.Token);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
