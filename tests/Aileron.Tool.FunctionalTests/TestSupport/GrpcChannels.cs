using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace Aileron.Tests.TestSupport;

/// <summary>gRPC channels to a proxy under test: h2c with prior knowledge, or TLS trusting only the test CA.</summary>
internal static class GrpcChannels
{
    /// <summary>A channel to 127.0.0.1:<paramref name="port"/>; over TLS when <paramref name="trust"/> is given, trusting only its CA.</summary>
    public static GrpcChannel To(int port, UpstreamCertificates? trust = null)
    {
        var handler = new SocketsHttpHandler { UseProxy = false };
        if (trust is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is X509Certificate2 presented && trust.IssuedByCa(presented);
        }

        var scheme = trust is null ? "http" : "https";
        return GrpcChannel.ForAddress($"{scheme}://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = handler });
    }
}
