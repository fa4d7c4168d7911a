using System.Security.Cryptography;
using Aileron.Tests.TestSupport;
using Aileron.Tls;

namespace Aileron.Tests.Tls;

/// <summary>Loading a listener's PEM files and choosing a certificate by SNI as Go does (unit, with files on disk).</summary>
public sealed class TlsServerCredentialsTests : IDisposable
{
    private readonly TestCertificates _certs = new();

    public void Dispose() => _certs.Dispose();

    [Fact]
    public void Sni_picks_the_first_certificate_whose_names_match_with_one_label_wildcards_else_the_first()
    {
        var credentials = TlsServerCredentials.Load(new TlsServerSettings
        {
            Pairs =
            [
                _certs.WritePair("a", TestCertificates.Server(_certs.Ca, "localhost")),
                _certs.WritePair("b", TestCertificates.Server(_certs.Ca, "*.example.com")),
                _certs.WritePair("c", TestCertificates.Server(_certs.Ca, "api.example.com", "c.test")),
            ],
        });

        Assert.Equal(
            [0, 1, 1, 2, 0, 0, 0, 1],
            new[] { "localhost", "api.example.com", "API.Example.com.", "c.test", "a.b.example.com", "example.com", null, "www.example.com" }
                .Select(credentials.IndexFor));
    }

    [Fact]
    public void A_certificate_file_with_its_chain_keeps_the_leaf_first()
    {
        var leaf = TestCertificates.Server(_certs.Ca, "localhost");
        var pair = _certs.WritePair("chained", leaf, _certs.Ca);

        var (loaded, chain) = PemFiles.LoadPair(pair.CertFile, pair.KeyFile);

        Assert.Equal(leaf.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
        Assert.Equal(_certs.Ca.Thumbprint, Assert.Single(chain).Thumbprint);
    }

    [Theory]
    [InlineData("missing", "cannot read it")]
    [InlineData("garbage", "no PEM certificate in it")]
    [InlineData("nokey", "no PEM private key in it")]
    [InlineData("encrypted", "the private key is encrypted")]
    public void A_file_that_cannot_be_used_is_named_with_what_is_wrong(string kind, string message)
    {
        var pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));
        switch (kind)
        {
            case "missing": File.Delete(pair.KeyFile); break;
            case "garbage": File.WriteAllText(pair.CertFile, "hello"); break;
            case "nokey": File.WriteAllText(pair.KeyFile, "hello"); break;
            default: File.WriteAllText(pair.KeyFile, EncryptedKey()); break;
        }

        var e = Assert.Throws<TlsLoadException>(() => PemFiles.LoadPair(pair.CertFile, pair.KeyFile));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(kind == "garbage" ? pair.CertFile : pair.KeyFile, e.Message, StringComparison.Ordinal);
    }

    /// <summary>A key made here and encrypted with a password, as openssl writes one with -aes256.</summary>
    private static string EncryptedKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));
    }
}
