using System.Net;
using System.Net.Sockets;

namespace Aileron.Tests.TestSupport;

/// <summary>A listener that never accepts and whose backlog is full, so new connects hang until they time out.</summary>
internal sealed class SaturatedListener : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _fillers = [];

    public SaturatedListener()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(0);
        for (var i = 0; i < 8; i++)
        {
            var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { Blocking = false };
            try
            {
                filler.Connect(_listener.LocalEndPoint!);
            }
            catch (SocketException)
            {
                // In progress, or dropped once the queue is full: either way the queue fills.
            }

            _fillers.Add(filler);
        }
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }

        _listener.Dispose();
    }
}
