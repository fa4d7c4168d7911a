using System.Net;
using System.Net.Sockets;
using Aileron.Forwarding;
using Aileron.Forwarding.Http1;

namespace Aileron.Tests.TestSupport;

/// <summary>An HTTP/1.1 connection pool to a loopback listener the test accepts on by hand: the upstream's side of pool and connection tests.</summary>
internal sealed class LoopbackPool : IDisposable
{
    public LoopbackPool(TimeProvider time)
    {
        Upstream.Start();
        Pool = new Http1Pool(
            new Uri($"http://127.0.0.1:{((IPEndPoint)Upstream.LocalEndpoint).Port}"), new ConnectTimeouts(TimeSpan.FromSeconds(5)), time);
    }

    public TcpListener Upstream { get; } = new(IPAddress.Loopback, 0);

    public Http1Pool Pool { get; }

    public void Dispose()
    {
        Pool.Dispose();
        Upstream.Stop();
    }
}
