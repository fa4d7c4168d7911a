using System.Net.Security;
using System.Security.Authentication;

namespace Aileron.Tls;

/// <summary>Everything a TLS listener is made of, as files and switches: what <see cref="TlsServerCredentials.Load"/> reads.</summary>
internal sealed record TlsServerSettings
{
    /// <summary>Certificate and key files, in order: the first whose names match the client's SNI serves, else the first.</summary>
    public IReadOnlyList<(string CertFile, string KeyFile)> Pairs { get; init; } = [];

    public IReadOnlyList<string> ClientCaFiles { get; init; } = [];

    public ClientCertificatePolicy ClientCertificates { get; init; }

    public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>TLS 1.2 suites to offer, in order; null for OpenSSL's defaults.</summary>
    public IReadOnlyList<TlsCipherSuite>? CipherSuites { get; init; }

    /// <summary>False: no session tickets or resumption (AILERON's <c>sessionTicketsDisabled</c>).</summary>
    public bool AllowResumption { get; init; } = true;

    /// <summary>ALPN, in the server's order of preference.</summary>
    public IReadOnlyList<SslApplicationProtocol> ApplicationProtocols { get; init; } = [SslApplicationProtocol.Http11];

    /// <summary>Every file read, for watching.</summary>
    public IEnumerable<string> Files => Pairs.SelectMany(p => new[] { p.CertFile, p.KeyFile }).Concat(ClientCaFiles);
}
