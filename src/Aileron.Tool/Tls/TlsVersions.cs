using System.Security.Authentication;

namespace Aileron.Tls;

/// <summary>AILERON's <c>minVersion</c>/<c>maxVersion</c>, TLS versions as their numbers on the wire (771 is TLS 1.2), as .NET protocols.</summary>
internal static class TlsVersions
{
    public const int Ssl30 = 0x0300;
    public const int Tls10 = 0x0301;
    public const int Tls11 = 0x0302;
    public const int Tls12 = 0x0303;
    public const int Tls13 = 0x0304;

    /// <summary>The protocols from <paramref name="min"/> to <paramref name="max"/> (0: TLS 1.2 and TLS 1.3, Go's defaults).</summary>
    /// <param name="field">Which of the two is wrong, when one is: <c>minVersion</c> or <c>maxVersion</c>.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage(
        "Security", "CA5397:Do not use deprecated SslProtocols values", Justification = "TLS 1.2 and 1.3 only, as the config asks; older versions are refused above")]
    public static bool TryProtocols(int min, int max, out SslProtocols protocols, out string field, out string error)
    {
        protocols = SslProtocols.None;
        foreach (var (name, value) in new[] { ("minVersion", min), ("maxVersion", max) })
        {
            if (Problem(value) is { } problem)
            {
                field = name;
                error = problem;
                return false;
            }
        }

        var low = min == 0 ? Tls12 : min;
        var high = max == 0 ? Tls13 : max;
        if (low > high)
        {
            (field, error) = ("maxVersion", $"{high} ({Name(high)}) is older than minVersion {low} ({Name(low)})");
            return false;
        }

        protocols = (low <= Tls12 ? SslProtocols.Tls12 : SslProtocols.None) | (high >= Tls13 ? SslProtocols.Tls13 : SslProtocols.None);
        (field, error) = (string.Empty, string.Empty);
        return true;
    }

    public static string Name(int version) => version switch
    {
        Ssl30 => "SSL 3.0",
        Tls10 => "TLS 1.0",
        Tls11 => "TLS 1.1",
        Tls12 => "TLS 1.2",
        Tls13 => "TLS 1.3",
        _ => "unknown",
    };

    private static string? Problem(int value) => value switch
    {
        0 or Tls12 or Tls13 => null,
        Ssl30 or Tls10 or Tls11 =>
            $"{value} ({Name(value)}) is not supported: OpenSSL, which .NET uses, refuses versions before TLS 1.2 at its default security level; use 771 (TLS 1.2) or 772 (TLS 1.3)",
        _ => $"{value} is not a TLS version: use 771 (TLS 1.2) or 772 (TLS 1.3), or leave it out",
    };
}
