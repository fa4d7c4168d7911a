using System.Security.Cryptography.X509Certificates;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// An upstream's TLS world for the HTTPClient tests, made fresh per test from <see cref="TestCertificates"/>:
/// the upstream's server certificate (SANs localhost, 127.0.0.1 and <see cref="ServerName"/>) and the
/// proxy's client certificate, both issued by the test CA, written as PEM files.
/// </summary>
internal sealed class UpstreamCertificates : IDisposable
{
    public const string ServerName = "upstream.test";

    private readonly TestCertificates _pki = new();

    public UpstreamCertificates()
    {
        Server = Reload(TestCertificates.Server(_pki.Ca, "localhost", ServerName));
        Client = Reload(TestCertificates.Client(_pki.Ca, "aileron proxy"));
        (ServerFile, ServerKeyFile) = _pki.WritePair("server", Server);
        (ClientFile, ClientKeyFile) = _pki.WritePair("client", Client);
    }

    /// <summary>The upstream's certificate, with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The proxy's client certificate for mutual TLS, with its private key.</summary>
    public X509Certificate2 Client { get; }

    /// <summary>The test CA, for clients that trust only it.</summary>
    public X509Certificate2 Ca => _pki.Ca;

    public string Folder => _pki.Directory;

    public string CaFile => _pki.CaFile;

    public string OtherCaFile => _pki.OtherCaFile;

    public string ServerFile { get; }

    public string ServerKeyFile { get; }

    public string ClientFile { get; }

    public string ClientKeyFile { get; }

    /// <summary>True when <paramref name="certificate"/> chains to the test CA (for an upstream checking client certificates).</summary>
    public bool IssuedByCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(_pki.Ca);
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
        _pki.Dispose();
    }

    /// <summary>A copy whose private key TLS can use on every platform (not an ephemeral one).</summary>
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
