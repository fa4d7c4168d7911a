namespace Aileron.Tls;

/// <summary>What a server asks of clients' certificates: AILERON's (Go's) five <c>clientAuth</c> modes as three switches.</summary>
/// <param name="Request">Ask the client for a certificate.</param>
/// <param name="Require">Refuse a client that sends none.</param>
/// <param name="Verify">Refuse a certificate that does not chain to the client CAs.</param>
internal readonly record struct ClientCertificatePolicy(bool Request, bool Require, bool Verify)
{
    public static ClientCertificatePolicy None => default;
}
