using System.Net;
using System.Net.Sockets;
using System.Text;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Aileron.Tests.Forwarding;

/// <summary>
/// X-Forwarded-Port is the client's own port, as AILERON sets it, replacing whatever the client
/// sent, on both forwarding paths and for requests with and without a body. Functional tests: a real
/// proxy and upstream on 127.0.0.1, and a client socket whose port the test knows.
/// </summary>
public sealed class ForwardedHeadersTests
{
    public static TheoryData<string, string> Cases => Forwarders.With("GET", "POST");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task X_Forwarded_Port_is_the_clients_source_port(string forwarder, string method)
    {
        await using var upstream = await TestUpstream.StartAsync(c =>
            c.Response.WriteAsync($"port={c.Request.Headers["X-Forwarded-Port"]};for={c.Request.Headers["X-Forwarded-For"]}"));
        await using var proxy = await TestProxy.OverAsync([upstream], options: Forwarders.Options(forwarder));
        using var client = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0)) { NoDelay = true };
        await client.ConnectAsync(IPAddress.Loopback, proxy.BaseAddress.Port);
        var clientPort = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        var body = method == "POST" ? "x" : string.Empty;
        var request = $"{method} /p HTTP/1.1\r\nHost: a\r\nX-Forwarded-Port: 1\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = RawResponse.Parse(await reader.ReadToEndAsync().WaitAsync(Forwarders.Deadline));

        Assert.Equal(200, response.Status);
        Assert.Equal($"port={clientPort};for=127.0.0.1", response.Body);
    }
}
