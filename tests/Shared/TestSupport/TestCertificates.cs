using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// Certificates made for one test with <see cref="CertificateRequest"/>: a CA, server and client
/// certificates it issues, and a second CA that issues nothing the servers trust. PEM files go to
/// a temporary directory deleted with this object; no key is ever committed.
/// </summary>
internal sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public TestCertificates()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("aileron-tls-").FullName;
        Ca = CreateCa("aileron test CA");
        OtherCa = CreateCa("some other CA");
        CaFile = WriteCertificate("ca.pem", Ca);
        OtherCaFile = WriteCertificate("other-ca.pem", OtherCa);
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 OtherCa { get; }

    public string CaFile { get; }

    public string OtherCaFile { get; }

    /// <summary>A server certificate for <paramref name="dnsNames"/> (and 127.0.0.1, ::1), issued by <see cref="Ca"/>.</summary>
    public static X509Certificate2 Server(X509Certificate2 issuer, params string[] dnsNames)
    {
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }

        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        return Issue(issuer, $"CN={dnsNames[0]}", ServerAuth, san.Build());
    }

    /// <summary>A client certificate issued by <paramref name="issuer"/>.</summary>
    public static X509Certificate2 Client(X509Certificate2 issuer, string name = "client") => Issue(issuer, $"CN={name}", ClientAuth, null);

    /// <summary>Writes the certificate (leaf, then <paramref name="chain"/>) and its key as PEM files; returns their paths.</summary>
    public (string CertFile, string KeyFile) WritePair(string name, X509Certificate2 certificate, params X509Certificate2[] chain)
    {
        var certFile = Path.Combine(Directory, name + ".crt");
        var keyFile = Path.Combine(Directory, name + ".key");
        File.WriteAllText(certFile, CertificatePem(certificate, chain));
        File.WriteAllText(keyFile, KeyPem(certificate));
        return (certFile, keyFile);
    }

    public static string CertificatePem(X509Certificate2 certificate, params X509Certificate2[] chain) =>
        string.Concat(new[] { certificate }.Concat(chain).Select(c => c.ExportCertificatePem() + "\n"));

    public static string KeyPem(X509Certificate2 certificate) => certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n";

    public string WriteCertificate(string name, X509Certificate2 certificate)
    {
        var file = Path.Combine(Directory, name);
        File.WriteAllText(file, certificate.ExportCertificatePem() + "\n");
        return file;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A server still holding a file open: the temporary directory is cleaned up by the OS.
        }
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, string subject, Oid usage, X509Extension? san)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var certificate = request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        return certificate.CopyWithPrivateKey(key);
    }
}
