using System.Net;
using System.Net.Sockets;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Hosting;

/// <summary>AILERON's listenConfig: unix-socket listeners, the networks allow-list and connectionLimit (functional).</summary>
public sealed class ListenConfigTests
{
    private static string Config(string upstream, string listenConfig, string addr = "127.0.0.1:0") =>
        TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer([upstream]), addr),
            "httpConfig:\n  listenConfig:\n" + TestConfig.Indent(listenConfig, 4));

    private static HttpClient UnixClient(EndPoint socket) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        ConnectCallback = async (_, cancellationToken) =>
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await s.ConnectAsync(socket, cancellationToken);
            return new NetworkStream(s, ownsSocket: true);
        },
    });

    [Fact]
    public async Task A_unix_socket_listener_serves_over_its_path_and_removes_it_on_stop()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("over the socket");
        var dir = Directory.CreateTempSubdirectory("aileron-unix-").FullName;
        var path = Path.Combine(dir, "gw.sock");
        var proxy = await TestProxy.StartAsync(Config(upstream.Url, $"addr: \"unix://{path}\""));
        using var client = UnixClient(new UnixDomainSocketEndPoint(path));

        var body = await client.GetStringAsync(new Uri("http://gateway/test"));
        var (code, curl) = await TlsListenerTests.CurlAsync("--unix-socket", path, "http://gateway/curl");
        await proxy.DisposeAsync();

        Assert.Equal("over the socket", body);
        Assert.Equal((0, "over the socket"), (code, curl));
        Assert.False(File.Exists(path));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task An_abstract_unix_socket_and_the_old_network_field_work_with_a_warning()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("abstract");
        var name = $"aileron-test-{Guid.NewGuid():N}";
        var yaml = Config(upstream.Url, $"network: unix\naddr: \"@{name}\"");
        var loaded = TestYaml.Load(yaml);
        await using var proxy = await TestProxy.StartAsync(yaml);
        using var client = UnixClient(new UnixDomainSocketEndPoint("\0" + name));

        Assert.Equal("abstract", await client.GetStringAsync(new Uri("http://gateway/")));
        Assert.Contains(loaded.Diagnostics, d => !d.IsError && d.Message.Contains("AILERON removed this field in v1.0.3", StringComparison.Ordinal));
        Assert.Equal($"unix://@{name}", proxy.Host.Servers[0].Config.Listen.Text);
    }

    [Fact]
    public async Task Networks_refuses_a_client_from_elsewhere_at_accept()
    {
        await using var upstream = await TestUpstream.AnsweringAsync("allowed");
        await using var elsewhere = await TestProxy.StartAsync(Config(upstream.Url, "networks: [\"192.168.0.1/32\"]"));
        await using var loopback = await TestProxy.StartAsync(Config(upstream.Url, "networks: [\"10.0.0.0/8\", \"127.0.0.0/8\"]"));

        Assert.Equal(string.Empty, await AnswerToRawGetAsync(elsewhere.Host.Servers[0].Port));
        Assert.Equal("allowed", await loopback.Client.GetStringAsync(new Uri("/", UriKind.Relative)));
        Assert.True(elsewhere.Host.Servers[0].Gate.Refused >= 1);
        Assert.Equal(1, upstream.Requests);
    }

    // A raw client, because the reset of a connection closed at accept lands at connect, at write or
    // at read depending on timing (HttpClient reports each as a different exception type); what
    // matters is that no byte of an answer comes back.
    private static async Task<string> AnswerToRawGetAsync(int port)
    {
        try
        {
            return await RawConnection.ExchangeAsync(port, "GET / HTTP/1.1\r\nHost: gateway\r\n\r\n");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return string.Empty;
        }
    }

    [Fact]
    public async Task ConnectionLimit_makes_a_new_connection_wait_until_one_closes()
    {
        await using var upstream = await TestUpstream.EchoAsync();
        await using var proxy = await TestProxy.StartAsync(Config(upstream.Url, "connectionLimit: 1"));
        var gate = proxy.Host.Servers[0].Gate;
        using var first = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 }) { BaseAddress = proxy.BaseAddress };
        using var second = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = proxy.BaseAddress };

        await first.GetStringAsync(new Uri("/first", UriKind.Relative));
        var waiting = second.GetStringAsync(new Uri("/second", UriKind.Relative));
        var again = await first.GetStringAsync(new Uri("/first-again", UriKind.Relative));
        var waitedWhileHeld = !waiting.IsCompleted && upstream.Requests == 2 && gate.Slots!.CurrentCount == 0;
        first.Dispose();

        Assert.StartsWith("GET /second\n", await waiting, StringComparison.Ordinal);
        Assert.True(waitedWhileHeld, "the second connection was served while the first held the only slot");
        Assert.StartsWith("GET /first-again\n", again, StringComparison.Ordinal);
        second.Dispose();
        using var third = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = proxy.BaseAddress };
        Assert.StartsWith("GET /third\n", await third.GetStringAsync(new Uri("/third", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(1, gate.Limit);
    }
}
