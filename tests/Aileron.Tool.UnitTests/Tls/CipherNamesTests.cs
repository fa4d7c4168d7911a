using System.Net.Security;
using System.Security.Authentication;
using Aileron.Configuration.Model;
using Aileron.Tls;

namespace Aileron.Tests.Tls;

/// <summary>AILERON's cipher names and TLS version numbers as .NET's (unit).</summary>
public sealed class CipherNamesTests
{
    [Fact]
    public void Every_aileron_cipher_name_is_honoured_refused_or_a_no_op_and_never_unknown()
    {
        foreach (var name in Enum.GetNames<TlsCipherName>())
        {
            var (suite, error, warning) = CipherNames.Resolve(name);

            Assert.True((suite is null ? 0 : 1) + (error is null ? 0 : 1) + (warning is null ? 0 : 1) == 1, name);
            Assert.DoesNotContain("no such cipher suite", error ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.Equal(TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, CipherNames.Resolve("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305").Suite);
    }

    [Theory]
    [InlineData(TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false)]
    [InlineData(TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false)]
    [InlineData(TlsCipherSuite.TLS_AES_128_GCM_SHA256, false)]
    [InlineData(TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, true)]
    [InlineData(TlsCipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256, true)]
    public void Http2_prohibits_suites_without_forward_secrecy_or_aead(TlsCipherSuite suite, bool prohibited)
    {
        Assert.Equal(prohibited, CipherNames.IsProhibitedForHttp2(suite));
    }

    [Theory]
    [InlineData(0, 0, SslProtocols.Tls12 | SslProtocols.Tls13)]
    [InlineData(771, 0, SslProtocols.Tls12 | SslProtocols.Tls13)]
    [InlineData(772, 0, SslProtocols.Tls13)]
    [InlineData(0, 771, SslProtocols.Tls12)]
    public void Versions_are_their_numbers_on_the_wire(int min, int max, SslProtocols expected)
    {
        Assert.True(TlsVersions.TryProtocols(min, max, out var protocols, out _, out _));
        Assert.Equal(expected, protocols);
    }
}
