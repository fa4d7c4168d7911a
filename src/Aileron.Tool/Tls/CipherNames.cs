using System.Net.Security;

namespace Aileron.Tls;

/// <summary>
/// AILERON's <c>tlsCipher</c> names (Go's constants, which are the IANA names) as .NET cipher
/// suites. As in Go, only TLS 1.0–1.2 suites are configurable; TLS 1.3's always stay on.
/// </summary>
internal static class CipherNames
{
    /// <summary>TLS 1.3's suites: configuring TLS 1.2 ones must not switch TLS 1.3 off.</summary>
    public static readonly TlsCipherSuite[] Tls13 =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>What a name means: a suite to offer, or why it is refused (error) or has no effect (warning).</summary>
    public static (TlsCipherSuite? Suite, string? Error, string? Warning) Resolve(string name)
    {
        if (name.Contains("_RC4_", StringComparison.Ordinal))
        {
            return (null, $"{name}: RC4 is broken (RFC 7465) and OpenSSL 3 does not offer it", null);
        }

        if (name.Contains("_3DES_", StringComparison.Ordinal))
        {
            return (null, $"{name}: 3DES is refused by OpenSSL's default security level (Sweet32)", null);
        }

        if (name == "TLS_FALLBACK_SCSV")
        {
            return (null, null, $"{name} is a signalling value, not a cipher suite: it has no effect");
        }

        var canonical = name.EndsWith("_CHACHA20_POLY1305", StringComparison.Ordinal) ? name + "_SHA256" : name;
        if (!Enum.TryParse<TlsCipherSuite>(canonical, out var suite))
        {
            return (null, $"{name}: no such cipher suite in .NET", null);
        }

        return Array.IndexOf(Tls13, suite) >= 0
            ? (null, null, $"{name} is a TLS 1.3 suite: those are not configurable and stay on, as in AILERON; it has no effect")
            : (suite, null, null);
    }

    /// <summary>
    /// True for the suites HTTP/2 prohibits (RFC 9113 Appendix A): every TLS 1.2 suite without an
    /// ephemeral key exchange or an AEAD cipher.
    /// </summary>
    public static bool IsProhibitedForHttp2(TlsCipherSuite suite)
    {
        var name = suite.ToString();
        if (!name.StartsWith("TLS_", StringComparison.Ordinal) || Array.IndexOf(Tls13, suite) >= 0)
        {
            return false;
        }

        var ephemeral = name.StartsWith("TLS_ECDHE_", StringComparison.Ordinal) || name.StartsWith("TLS_DHE_", StringComparison.Ordinal);
        var aead = name.Contains("_GCM_", StringComparison.Ordinal) || name.Contains("_CHACHA20_", StringComparison.Ordinal)
            || name.Contains("_CCM", StringComparison.Ordinal);
        return !(ephemeral && aead);
    }
}
