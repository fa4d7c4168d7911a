using System.Collections.Frozen;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Aileron.Tls;

/// <summary>
/// A TLS listener's certificates, loaded and ready: one set of handshake options per certificate,
/// built once, and the choice among them by the name the client asks for (SNI) as Go's
/// <c>crypto/tls</c> makes it: with one certificate, that one; else the first whose DNS names match
/// the name (a <c>*.</c> wildcard standing for one label), else the first. Immutable: a reload
/// loads a new one and swaps it in, so a handshake never sees half of a rotation.
/// </summary>
internal sealed class TlsServerCredentials
{
    private readonly SslServerAuthenticationOptions[] _options;
    private readonly FrozenDictionary<string, int> _exact;
    private readonly FrozenDictionary<string, int> _wildcard;

    private TlsServerCredentials(
        IReadOnlyList<X509Certificate2> certificates, SslServerAuthenticationOptions[] options, Dictionary<string, int> exact, Dictionary<string, int> wildcard)
    {
        Certificates = certificates;
        _options = options;
        _exact = exact.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _wildcard = wildcard.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The leaf certificates, in config order.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>Reads every file of <paramref name="settings"/>; throws <see cref="TlsLoadException"/> naming the first that cannot be used.</summary>
    public static TlsServerCredentials Load(TlsServerSettings settings)
    {
        if (settings.Pairs.Count == 0)
        {
            throw new TlsLoadException("no certificate: a TLS listener needs certKeyPairs");
        }

        var clientCAs = new X509Certificate2Collection();
        foreach (var file in settings.ClientCaFiles)
        {
            clientCAs.AddRange(PemFiles.LoadCertificates(file));
        }

        var verifier = new ClientCertificateVerifier(settings.ClientCertificates, clientCAs);
        var cipherPolicy = CipherPolicy(settings);
        var trust = settings.ClientCertificates.Verify && !OperatingSystem.IsWindows()
            ? SslCertificateTrust.CreateForX509Collection(clientCAs, sendTrustInHandshake: true)
            : null;
        var certificates = new List<X509Certificate2>();
        var options = new SslServerAuthenticationOptions[settings.Pairs.Count];
        var exact = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var wildcard = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < settings.Pairs.Count; i++)
        {
            var (leaf, chain) = PemFiles.LoadPair(settings.Pairs[i].CertFile, settings.Pairs[i].KeyFile);
            certificates.Add(leaf);
            options[i] = new SslServerAuthenticationOptions
            {
                ServerCertificateContext = SslStreamCertificateContext.Create(leaf, chain, offline: true, trust),
                ClientCertificateRequired = settings.ClientCertificates.Request,
                RemoteCertificateValidationCallback = settings.ClientCertificates.Request ? verifier.Validate : null,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                EnabledSslProtocols = settings.Protocols,
                CipherSuitesPolicy = cipherPolicy,
                AllowTlsResume = settings.AllowResumption,
                AllowRenegotiation = false,
                ApplicationProtocols = [.. settings.ApplicationProtocols],
            };
            foreach (var name in DnsNames(leaf))
            {
                var table = name.StartsWith("*.", StringComparison.Ordinal) ? wildcard : exact;
                table.TryAdd(name.StartsWith("*.", StringComparison.Ordinal) ? name[1..] : name, i);
            }
        }

        return new TlsServerCredentials(certificates, options, exact, wildcard);
    }

    /// <summary>The handshake options for a client that asked for <paramref name="serverName"/> (null or empty: no SNI).</summary>
    public SslServerAuthenticationOptions Select(string? serverName) => _options[IndexFor(serverName)];

    /// <summary>Which certificate serves <paramref name="serverName"/>: its index in config order.</summary>
    public int IndexFor(string? serverName)
    {
        if (_options.Length == 1 || string.IsNullOrEmpty(serverName))
        {
            return 0;
        }

        var name = serverName.TrimEnd('.');
        var index = _exact.GetValueOrDefault(name, int.MaxValue);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && _wildcard.TryGetValue(name[dot..], out var wild))
        {
            index = Math.Min(index, wild);
        }

        return index == int.MaxValue ? 0 : index;
    }

    private static CipherSuitesPolicy? CipherPolicy(TlsServerSettings settings)
    {
        if (settings.CipherSuites is not { } suites)
        {
            return null;
        }

        if (OperatingSystem.IsWindows())
        {
            throw new TlsLoadException("tlsCipher: choosing cipher suites needs Linux or macOS (.NET's CipherSuitesPolicy)");
        }

        return new CipherSuitesPolicy([.. suites, .. CipherNames.Tls13]);
    }

    private static IEnumerable<string> DnsNames(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames());
}
