using System.Net.WebSockets;
using System.Text;
using Aileron.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace Aileron.Tests.Forwarding;

/// <summary>The HTTP/1.1 upgrade to WebSocket is relayed and the connection carries frames both ways.</summary>
public sealed class WebSocketTests
{
    [Fact]
    public async Task A_websocket_echo_works_through_the_proxy()
    {
        await using var upstream = await TestUpstream.StartAsync(
            async c =>
            {
                if (!c.WebSockets.IsWebSocketRequest)
                {
                    c.Response.StatusCode = 400;
                    return;
                }

                using var socket = await c.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[4096];
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, c.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", c.RequestAborted);
                        return;
                    }

                    await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, c.RequestAborted);
                }
            },
            app => app.UseWebSockets());
        await using var proxy = await TestProxy.OverAsync([upstream]);
        using var client = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{proxy.BaseAddress.Port}/chat"), timeout.Token);
        var replies = new List<string>();
        foreach (var message in new[] { "hello", "through", "the proxy" })
        {
            await client.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
            var buffer = new byte[4096];
            var received = await client.ReceiveAsync(buffer, timeout.Token);
            replies.Add(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal(["hello", "through", "the proxy"], replies);
        Assert.Equal(WebSocketState.Closed, client.State);
    }
}
