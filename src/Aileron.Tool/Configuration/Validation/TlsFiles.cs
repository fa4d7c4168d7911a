using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aileron.Configuration.Validation;

/// <summary>
/// Reads the PEM files a TLS config names (relative to the working directory, as AILERON reads
/// them). The validator reads them to report a bad file at its line; the runtime reads them again
/// when it builds a transport (at start and at each reload, so a reload picks up rotated files).
/// </summary>
internal static class TlsFiles
{
    /// <summary>Every certificate in a PEM file; throws <see cref="InvalidDataException"/> saying what is wrong.</summary>
    public static X509Certificate2Collection Certificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"cannot read {path}: {e.Message.TrimEnd('.')}", e);
        }

        return certificates.Count > 0 ? certificates
            : throw new InvalidDataException($"{path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    /// <summary>The leaf certificate with its private key, and the chain after it in the same file.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2Collection Chain) KeyPair(string certFile, string keyFile)
    {
        var all = Certificates(certFile);
        try
        {
            using var fromPem = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            // An exportable copy: on some platforms a PEM key is ephemeral, which TLS cannot use.
            var leaf = X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
            var chain = new X509Certificate2Collection();
            for (var i = 1; i < all.Count; i++)
            {
                chain.Add(all[i]);
            }

            return (leaf, chain);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"cannot use {certFile} with the key {keyFile}: {e.Message.TrimEnd('.')}", e);
        }
    }
}
