namespace Aileron.Configuration.Model;

/// <summary>
/// AILERON's <c>kernel.TLSConfig</c> as the client side of an upstream connection reads it: whom to
/// trust (<see cref="RootCAs"/>), the name to ask for and verify (<see cref="ServerName"/>), the
/// client certificate of mutual TLS, and the protocol versions. File paths are relative to the
/// working directory, as AILERON reads them.
/// </summary>
[NotSupportedFields("dynamicRecordSizingDisabled")]
[RefusedFields("choosing key-exchange curves is not implemented by aileron (.NET offers no such setting); remove it to use the platform's defaults", "curvePreferences")]
[RefusedFields("write the cipher list as tlsCipher", "TLSCiphers")]
internal sealed record ClientTlsConfigSpec : ConfigNode
{
    /// <summary>Client certificates for mutual TLS with the upstream; the first is offered.</summary>
    public IReadOnlyList<ClientCertKeyPairSpec> CertKeyPairs { get; init; } = [];

    /// <summary>PEM files of the CAs an upstream's certificate must chain to; empty: the system's trust store.</summary>
    public IReadOnlyList<string> RootCAs { get; init; } = [];

    /// <summary>ALPN protocols; aileron offers what the transport speaks, so only h2 and http/1.1 are accepted.</summary>
    public IReadOnlyList<string> NextProtos { get; init; } = [];

    /// <summary>The name sent as SNI and checked against the upstream's certificate; the URL's host when empty.</summary>
    public string ServerName { get; init; } = string.Empty;

    /// <summary>A server-side field: it has no effect on a connection to an upstream.</summary>
    public string ClientAuth { get; init; } = string.Empty;

    /// <summary>A server-side field: it has no effect on a connection to an upstream.</summary>
    public IReadOnlyList<string> ClientCAs { get; init; } = [];

    /// <summary>Accept any certificate from the upstream: for tests only; warned about at load and start.</summary>
    public bool InsecureSkipVerify { get; init; }

    /// <summary>TLS 1.2 cipher suites by IANA name (TLS 1.3's are always on, as in Go).</summary>
    public IReadOnlyList<string> TlsCipher { get; init; } = [];

    public bool SessionTicketsDisabled { get; init; }

    /// <summary>771 (TLS 1.2) or 772 (TLS 1.3); 0: TLS 1.2.</summary>
    public int MinVersion { get; init; }

    /// <summary>771 (TLS 1.2) or 772 (TLS 1.3); 0: TLS 1.3.</summary>
    public int MaxVersion { get; init; }

    public TlsRenegotiation Renegotiation { get; init; } = TlsRenegotiation.RenegotiateNever;
}
