using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aileron.Tls;

/// <summary>
/// Reads PEM files as Go's <c>tls.LoadX509KeyPair</c> and <c>AppendCertsFromPEM</c> do: a certificate
/// file holds the leaf first and then, optionally, its intermediates; a key file holds the leaf's
/// private key (PKCS#8, PKCS#1 or SEC1); a CA file holds one or more certificates. Every failure is a
/// <see cref="TlsLoadException"/> whose message names the file and what is wrong with it. The
/// listener's certificates and client CAs and an HTTPClient's root CAs and client certificate are all
/// read here, by validate and again by serve (at start and at each reload, so rotated files count).
/// </summary>
internal static class PemFiles
{
    /// <summary>The leaf with its private key, and the certificates after it in the file.</summary>
    public static (X509Certificate2 Leaf, X509Certificate2Collection Chain) LoadPair(string certFile, string keyFile)
    {
        var certPem = Read(certFile);
        var keyPem = Read(keyFile);
        var all = Certificates(certFile, certPem);
        X509Certificate2 leaf;
        try
        {
            leaf = X509Certificate2.CreateFromPem(certPem, keyPem);
            if (!OperatingSystem.IsLinux())
            {
                // Windows' and macOS's TLS cannot use the ephemeral key a PEM import makes (OpenSSL
                // can): a PKCS#12 copy of the pair persists it.
                using var ephemeral = leaf;
                leaf = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new TlsLoadException(KeyProblem(keyFile, keyPem, e));
        }

        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }

        return (leaf, chain);
    }

    /// <summary>Every certificate of a CA file.</summary>
    public static X509Certificate2Collection LoadCertificates(string file) => Certificates(file, Read(file));

    private static X509Certificate2Collection Certificates(string file, string pem)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new TlsLoadException($"{file}: a PEM certificate in it cannot be read ({e.Message.TrimEnd('.')})");
        }

        if (certificates.Count == 0)
        {
            throw new TlsLoadException($"{file}: no PEM certificate in it (a block that starts -----BEGIN CERTIFICATE-----)");
        }

        return certificates;
    }

    private static string KeyProblem(string keyFile, string keyPem, Exception e) => KeyLabel(keyPem) switch
    {
        null => $"{keyFile}: no PEM private key in it (a PEM block labelled PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)",
        "ENCRYPTED PRIVATE KEY" => $"{keyFile}: the private key is encrypted; aileron, as AILERON, reads only unencrypted keys",
        _ => $"{keyFile}: the private key does not match the certificate, or cannot be read ({e.Message.Split(" (Parameter", 2)[0].TrimEnd('.')})",
    };

    /// <summary>The label of the first PEM block in <paramref name="pem"/> that holds a private key; null when none does.</summary>
    private static string? KeyLabel(ReadOnlySpan<char> pem)
    {
        while (PemEncoding.TryFind(pem, out var fields))
        {
            var label = pem[fields.Label];
            if (label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                return label.ToString();
            }

            pem = pem[fields.Location.End..];
        }

        return null;
    }

    private static string Read(string file)
    {
        if (file.Length == 0)
        {
            throw new TlsLoadException("a certificate, key or CA file path is empty");
        }

        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsLoadException($"{file}: cannot read it ({e.Message.TrimEnd('.')})");
        }
    }
}
