using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aileron.Tls;

/// <summary>
/// Decides, during the handshake, whether a client's certificate is accepted. Verification builds
/// the chain from the client's certificate (with the intermediates it sent) to one of the client CAs
/// only: the system's trust store is never consulted, so a certificate from a public CA does not
/// pass. As Go, a certificate with an extended key usage must allow client authentication; expiry is
/// checked, revocation is not (Go checks none either).
/// </summary>
internal sealed class ClientCertificateVerifier(ClientCertificatePolicy policy, X509Certificate2Collection clientCAs)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return !policy.Require;
        }

        if (!policy.Verify)
        {
            return true;
        }

        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.AddRange(clientCAs);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        own.ChainPolicy.DisableCertificateDownloads = true;
        own.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (chain is not null)
        {
            own.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        }

        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            return own.Build(leaf);
        }
        finally
        {
            foreach (var element in own.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, leaf))
                {
                    element.Certificate.Dispose();
                }
            }
        }
    }
}
