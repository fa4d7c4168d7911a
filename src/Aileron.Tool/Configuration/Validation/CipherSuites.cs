using System.Net.Security;

namespace Aileron.Configuration.Validation;

/// <summary>AILERON's tlsCipher names (Go's, which are IANA's) as .NET's <see cref="TlsCipherSuite"/>.</summary>
internal static class CipherSuites
{
    /// <summary>Always on, as in Go, where TLS 1.3's suites cannot be configured.</summary>
    public static readonly TlsCipherSuite[] Tls13 =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ];

    public static bool TryParse(string name, out TlsCipherSuite suite)
    {
        var canonical = name switch
        {
            // Go's legacy aliases.
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305" => "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305" => "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            _ => name,
        };
        return Enum.TryParse(canonical, ignoreCase: false, out suite) && canonical.StartsWith("TLS_", StringComparison.Ordinal)
            && !canonical.Contains("SCSV", StringComparison.Ordinal) && Enum.IsDefined(suite);
    }

    /// <summary>The listed suites plus TLS 1.3's; null where the platform cannot restrict suites (Windows).</summary>
    public static CipherSuitesPolicy? Policy(IEnumerable<string> names) => OperatingSystem.IsWindows() ? null
        : new([.. names.Select(n => TryParse(n, out var s) ? s : throw new ArgumentException($"unknown cipher suite {n}")), .. Tls13]);
}
