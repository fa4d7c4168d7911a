using Aileron.Configuration;
using Aileron.Configuration.Diagnostics;
using Aileron.Tests.TestSupport;

namespace Aileron.Tests.Configuration.Validation;

/// <summary>A listener's tlsConfig: files read as serve reads them, and what cannot be honoured refused at its line (unit, with files on disk).</summary>
public sealed class ListenerTlsValidatorTests : IDisposable
{
    private readonly TestCertificates _certs = new();
    private readonly (string CertFile, string KeyFile) _pair;

    public ListenerTlsValidatorTests() => _pair = _certs.WritePair("server", TestCertificates.Server(_certs.Ca, "localhost"));

    public void Dispose() => _certs.Dispose();

    private LoadResult Load(string tls, string server = "") =>
        TestYaml.Load(TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer(["http://127.0.0.1:8001"]), ":8443"),
            server + "\nhttpConfig:\n  listenConfig:\n    tlsConfig:\n      certKeyPairs: [{certFile: \"" + _pair.CertFile + "\", keyFile: \"" + _pair.KeyFile + "\"}]\n"
            + TestConfig.Indent(tls, 6)));

    private static Diagnostic Only(LoadResult result, bool error)
    {
        var found = result.Diagnostics.Where(d => d.IsError == error).ToList();
        Assert.True(found.Count == 1, string.Join('\n', result.Diagnostics));
        return found[0];
    }

    [Fact]
    public void A_valid_tls_listener_loads_without_a_word()
    {
        Assert.Empty(Load($"clientAuth: RequireAndVerifyClientCert\nclientCAs: [\"{_certs.CaFile}\"]\nminVersion: 771\nmaxVersion: 772\nnextProtos: [h2, http/1.1]\nsessionTicketsDisabled: true", "http2Config: {}").Diagnostics);
    }

    [Theory]
    [InlineData("curvePreferences: [X25519]", "curvePreferences: not supported by aileron: .NET sets no key-exchange groups per listener")]
    [InlineData("minVersion: 769", "minVersion: 769 (TLS 1.0) is not supported")]
    [InlineData("maxVersion: 999", "maxVersion: 999 is not a TLS version")]
    [InlineData("minVersion: 772\nmaxVersion: 771", "maxVersion: 771 (TLS 1.2) is older than minVersion 772 (TLS 1.3)")]
    [InlineData("tlsCipher: [TLS_RSA_WITH_RC4_128_SHA]", "tlsCipher[0]: TLS_RSA_WITH_RC4_128_SHA: RC4 is broken")]
    [InlineData("tlsCipher: [TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA]", "3DES is refused")]
    [InlineData("clientAuth: RequireAndVerifyClientCert", "RequireAndVerifyClientCert needs clientCAs: aileron verifies client certificates against the CAs listed there only")]
    [InlineData("clientAuth: VerifyClientCertIfGiven\nclientCAs: [/nonexistent/ca.pem]", "clientCAs[0]: /nonexistent/ca.pem: cannot read it")]
    [InlineData("nextProtos: [h3]", "nextProtos[0]: aileron serves h2 and http/1.1, not 'h3'")]
    [InlineData("nextProtos: [h2]", "h2 is offered but this server does not serve HTTP/2")]
    public void What_cannot_be_honoured_is_an_error(string tls, string message)
    {
        Assert.Contains(message, Only(Load(tls), error: true).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http2_with_chosen_tls12_suites_needs_the_one_aileron_requires()
    {
        var error = Only(Load("tlsCipher: [TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384]", "http2Config: {}"), error: true);

        Assert.Contains("HTTP/2 over TLS 1.2 needs TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rootCAs: [ca.pem]", "rootCAs: has no effect on a listener")]
    [InlineData("serverName: example.com", "serverName: has no effect on a listener")]
    [InlineData("insecureSkipVerify: true", "insecureSkipVerify: has no effect on a listener")]
    [InlineData("renegotiation: RenegotiateOnceAsClient", "renegotiation: has no effect on a listener")]
    [InlineData("dynamicRecordSizingDisabled: true", "dynamicRecordSizingDisabled: has no effect")]
    [InlineData("tlsCipher: [TLS_AES_128_GCM_SHA256]", "is a TLS 1.3 suite: those are not configurable and stay on")]
    [InlineData("clientAuth: RequestClientCert\nclientCAs: [CA]", "clientCAs: has no effect: clientAuth RequestClientCert verifies no certificate")]
    public void A_client_setting_or_a_no_op_is_a_warning(string tls, string message)
    {
        Assert.Contains(message, Only(Load(tls.Replace("[CA]", $"[\"{_certs.CaFile}\"]", StringComparison.Ordinal)), error: false).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_that_does_not_match_its_certificate_is_an_error_at_the_key_file()
    {
        var other = _certs.WritePair("other", TestCertificates.Server(_certs.Ca, "localhost"));
        var result = TestYaml.Load(TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer(["http://127.0.0.1:8001"]), ":8443"),
            $"httpConfig:\n  listenConfig:\n    tlsConfig:\n      certKeyPairs:\n        - certFile: \"{_pair.CertFile}\"\n          keyFile: \"{other.KeyFile}\""));

        var error = Only(result, error: true);
        Assert.Contains("the private key does not match the certificate", error.Message, StringComparison.Ordinal);
        Assert.Equal(18, error.Position.Line);
    }

    [Fact]
    public void A_tls_listener_without_certificates_is_an_error()
    {
        var result = TestYaml.Load(TestConfig.WithServerFields(
            TestConfig.Simple(TestConfig.LoadBalancer(["http://127.0.0.1:8001"]), ":8443"),
            "httpConfig:\n  listenConfig:\n    tlsConfig: {clientAuth: NoClientCert}"));

        Assert.Contains("a TLS listener needs a certificate", Only(result, error: true).Message, StringComparison.Ordinal);
    }
}
