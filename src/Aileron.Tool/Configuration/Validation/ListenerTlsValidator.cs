using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Tls;

namespace Aileron.Configuration.Validation;

/// <summary>
/// Checks a listener's <c>tlsConfig</c>: the certificate, key and CA files are read (as serve will
/// read them), versions and cipher suites must be ones .NET and OpenSSL can honour, and client
/// certificate verification needs its CAs. Client-side fields have no effect on a listener, as in
/// AILERON, and say so.
/// </summary>
internal static class ListenerTlsValidator
{
    private static readonly string[] Protocols = ["h2", "http/1.1"];

    /// <summary>The suites x/net's HTTP/2 server requires when cipher suites are chosen below TLS 1.3 (else AILERON fails to start).</summary>
    private static readonly TlsCipherName[] Http2Required =
        [TlsCipherName.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherName.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    /// <param name="http2">HTTP/2 is served on this listener (by ALPN).</param>
    public static void Validate(TlsConfigSpec tls, bool http2, DiagnosticBag d)
    {
        ValidateCertificates(tls, d);
        ValidateClientAuth(tls, d);
        if (!TlsVersions.TryProtocols(tls.MinVersion, tls.MaxVersion, out _, out var field, out var error))
        {
            d.Error(tls.PositionOf(field), $"{tls.Path}.{field}: {error}");
        }

        ValidateCiphers(tls, http2, d);
        for (var i = 0; i < tls.NextProtos.Count; i++)
        {
            var protocol = tls.NextProtos[i];
            if (Array.IndexOf(Protocols, protocol) < 0)
            {
                d.Error(tls.PositionOf($"nextProtos[{i}]"), $"{tls.Path}.nextProtos[{i}]: aileron serves h2 and http/1.1, not '{protocol}'");
            }
            else if (protocol == "h2" && !http2)
            {
                d.Error(
                    tls.PositionOf($"nextProtos[{i}]"),
                    $"{tls.Path}.nextProtos[{i}]: h2 is offered but this server does not serve HTTP/2 (AILERON closes such connections): add http2Config: {{}} to the HTTPServer");
            }
        }

        ClientOnly(tls, "rootCAs", tls.RootCAs.Count > 0, "clientCAs verifies clients' certificates", d);
        ClientOnly(tls, "serverName", tls.ServerName.Length > 0, "the certificate is chosen by the name the client asks for", d);
        ClientOnly(tls, "insecureSkipVerify", tls.InsecureSkipVerify, "clientAuth decides how clients' certificates are checked", d);
        ClientOnly(tls, "renegotiation", tls.Renegotiation != RenegotiationSupport.RenegotiateNever, "a server never renegotiates", d);
        if (tls.DynamicRecordSizingDisabled)
        {
            d.Warning(tls.PositionOf("dynamicRecordSizingDisabled"), $"{tls.Path}.dynamicRecordSizingDisabled: has no effect: a Go tuning that .NET has no equivalent of");
        }
    }

    private static void ValidateCertificates(TlsConfigSpec tls, DiagnosticBag d)
    {
        if (tls.CertKeyPairs.Count == 0)
        {
            d.Error(tls.Position, $"{tls.Path}: a TLS listener needs a certificate: add certKeyPairs: [{{certFile: server.crt, keyFile: server.key}}]");
            return;
        }

        foreach (var pair in tls.CertKeyPairs)
        {
            if (pair.CertFile.Length == 0 || pair.KeyFile.Length == 0)
            {
                d.Error(pair.Position, $"{pair.Path}: needs both certFile and keyFile (PEM files)");
                continue;
            }

            try
            {
                var (leaf, chain) = PemFiles.LoadPair(pair.CertFile, pair.KeyFile);
                var now = DateTime.Now;
                if (leaf.NotAfter < now || leaf.NotBefore > now)
                {
                    d.Warning(
                        pair.PositionOf("certFile"),
                        $"{pair.Path}.certFile: the certificate is valid from {leaf.NotBefore:u} to {leaf.NotAfter:u} only, not now: clients will refuse it");
                }

                leaf.Dispose();
                foreach (var certificate in chain)
                {
                    certificate.Dispose();
                }
            }
            catch (TlsLoadException e)
            {
                d.Error(pair.PositionOf(e.Message.StartsWith(pair.KeyFile, StringComparison.Ordinal) ? "keyFile" : "certFile"), $"{pair.Path}: {e.Message}");
            }
        }
    }

    private static void ValidateClientAuth(TlsConfigSpec tls, DiagnosticBag d)
    {
        for (var i = 0; i < tls.ClientCAs.Count; i++)
        {
            try
            {
                foreach (var certificate in PemFiles.LoadCertificates(tls.ClientCAs[i]))
                {
                    certificate.Dispose();
                }
            }
            catch (TlsLoadException e)
            {
                d.Error(tls.PositionOf($"clientCAs[{i}]"), $"{tls.Path}.clientCAs[{i}]: {e.Message}");
            }
        }

        var verifies = tls.ClientAuth is ClientAuthType.VerifyClientCertIfGiven or ClientAuthType.RequireAndVerifyClientCert;
        if (verifies && tls.ClientCAs.Count == 0)
        {
            d.Error(
                tls.PositionOf("clientAuth"),
                $"{tls.Path}.clientAuth: {tls.ClientAuth} needs clientCAs: aileron verifies client certificates against the CAs listed there only, never the system's trust store");
        }
        else if (!verifies && tls.ClientCAs.Count > 0)
        {
            d.Warning(
                tls.PositionOf("clientCAs"),
                $"{tls.Path}.clientCAs: has no effect: clientAuth {tls.ClientAuth} verifies no certificate (VerifyClientCertIfGiven or RequireAndVerifyClientCert do)");
        }
    }

    private static void ValidateCiphers(TlsConfigSpec tls, bool http2, DiagnosticBag d)
    {
        if (tls.TlsCipher.Count > 0 && OperatingSystem.IsWindows())
        {
            d.Error(tls.PositionOf("tlsCipher"), $"{tls.Path}.tlsCipher: choosing cipher suites needs Linux or macOS (.NET's CipherSuitesPolicy)");
            return;
        }

        for (var i = 0; i < tls.TlsCipher.Count; i++)
        {
            var (_, error, warning) = CipherNames.Resolve(tls.TlsCipher[i].ToString());
            if (error is not null)
            {
                d.Error(tls.PositionOf($"tlsCipher[{i}]"), $"{tls.Path}.tlsCipher[{i}]: {error}");
            }
            else if (warning is not null)
            {
                d.Warning(tls.PositionOf($"tlsCipher[{i}]"), $"{tls.Path}.tlsCipher[{i}]: {warning}");
            }
        }

        if (http2 && tls.TlsCipher.Count > 0 && tls.MinVersion != TlsConfigSpec.Tls13 && !tls.TlsCipher.Any(c => Array.IndexOf(Http2Required, c) >= 0))
        {
            d.Error(
                tls.PositionOf("tlsCipher"),
                $"{tls.Path}.tlsCipher: HTTP/2 over TLS 1.2 needs TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 in the list (AILERON refuses to start without one)");
        }
    }

    private static void ClientOnly(TlsConfigSpec tls, string field, bool set, string why, DiagnosticBag d)
    {
        if (set)
        {
            d.Warning(tls.PositionOf(field), $"{tls.Path}.{field}: has no effect on a listener (a client setting; AILERON ignores it here too): {why}");
        }
    }
}
