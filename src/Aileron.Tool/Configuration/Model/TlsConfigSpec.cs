namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>kernel.TLSConfig</c>, the one TLS message of its schema, used by listeners
/// (<c>listenConfig.tlsConfig</c>, <c>http3Config.tlsConfig</c>) and by clients alike. Files are
/// PEM, by path, relative to the working directory as AILERON reads them. Which fields a listener
/// honours, and which it refuses, is decided where the listener is checked, not here.
/// </summary>
[RefusedFields(
    ".NET sets no key-exchange groups per listener: OpenSSL's defaults apply (X25519, P-256, P-384, P-521); remove it",
    "curvePreferences")]
internal sealed record TlsConfigSpec : ConfigNode
{
    /// <summary>TLS 1.2's number on the wire, as AILERON writes versions (<c>minVersion: 771</c>).</summary>
    public const int Tls12 = 0x0303;

    /// <summary>TLS 1.3's number on the wire.</summary>
    public const int Tls13 = 0x0304;

    /// <summary>A server's certificates; with several, the one whose names match the client's SNI serves (the first when none does).</summary>
    public IReadOnlyList<CertKeyPairSpec> CertKeyPairs { get; init; } = [];

    /// <summary>CA files a client trusts servers by (a client setting).</summary>
    public IReadOnlyList<string> RootCAs { get; init; } = [];

    /// <summary>ALPN protocols offered (<c>h2</c>, <c>http/1.1</c>).</summary>
    public IReadOnlyList<string> NextProtos { get; init; } = [];

    /// <summary>The name a client asks for and verifies (a client setting).</summary>
    public string ServerName { get; init; } = string.Empty;

    public ClientAuthType ClientAuth { get; init; }

    /// <summary>CA files a server verifies client certificates by.</summary>
    public IReadOnlyList<string> ClientCAs { get; init; } = [];

    /// <summary>A client that does not verify the server (a client setting).</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>TLS 1.2 cipher suites, in order; TLS 1.3's are not configurable (as in Go).</summary>
    public IReadOnlyList<TlsCipherName> TlsCipher { get; init; } = [];

    public bool SessionTicketsDisabled { get; init; }

    /// <summary>The oldest TLS version accepted, as its number on the wire: 771 (TLS 1.2), 772 (TLS 1.3); 0 is TLS 1.2.</summary>
    public int MinVersion { get; init; }

    /// <summary>The newest TLS version accepted: 771 or 772; 0 is TLS 1.3.</summary>
    public int MaxVersion { get; init; }

    /// <summary>A Go tuning of record sizes.</summary>
    public bool DynamicRecordSizingDisabled { get; init; }

    /// <summary>Renegotiation a client allows (a client setting).</summary>
    public RenegotiationSupport Renegotiation { get; init; }
}
