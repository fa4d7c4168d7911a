using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// An <see cref="HttpClient"/> for a TLS listener under test: it trusts only the test CA (and checks
/// the server's name), remembers the certificate the server presented last, and can send a client
/// certificate, ask for another SNI name, or speak over a unix socket.
/// </summary>
internal sealed class TlsClient : IDisposable
{
    private X509Certificate2? _seen;

    private TlsClient(
        X509Certificate2 ca, X509Certificate2? clientCertificate, string? serverName, SslProtocols protocols, bool freshConnections, EndPoint? unix)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = protocols,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(ca, certificate, errors),
        };
        if (clientCertificate is not null)
        {
            ssl.ClientCertificates = [clientCertificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate;
        }

        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            SslOptions = ssl,
            PooledConnectionLifetime = freshConnections ? TimeSpan.Zero : Timeout.InfiniteTimeSpan,
        };
        if (unix is not null || serverName is not null)
        {
            // The URL's host is the SNI name; the connection goes to the listener whatever it resolves to.
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var target = unix ?? new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port);
                var socket = new Socket(target.AddressFamily, SocketType.Stream, unix is null ? ProtocolType.Tcp : ProtocolType.Unspecified);
                await socket.ConnectAsync(target, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            };
        }

        Http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>The certificate the server presented in the last handshake.</summary>
    public X509Certificate2? Seen => Volatile.Read(ref _seen);

    /// <param name="serverName">Not null: URLs name hosts that are not resolved (the SNI name), the connection goes to 127.0.0.1.</param>
    /// <param name="freshConnections">A new connection, so a new handshake, for every request.</param>
    /// <param name="unix">Connect to this unix socket whatever the URL says.</param>
    public static TlsClient Create(
        X509Certificate2 ca, X509Certificate2? clientCertificate = null, string? serverName = null,
        SslProtocols protocols = SslProtocols.None, bool freshConnections = false, EndPoint? unix = null) =>
        new(ca, clientCertificate, serverName, protocols, freshConnections, unix);

    /// <summary>GET over exactly this HTTP version (2.0 needs ALPN h2).</summary>
    public async Task<(HttpStatusCode Status, Version Version, string Body)> GetAsync(string url, Version? version = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url)
        {
            Version = version ?? HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, response.Version, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => Http.Dispose();

    private bool Trusted(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        Volatile.Write(ref _seen, leaf);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
