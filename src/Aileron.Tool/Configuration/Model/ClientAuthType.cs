namespace Aileron.Configuration.Model;

/// <summary>AILERON's <c>tlsConfig.clientAuth</c>: Go's <c>tls.ClientAuthType</c>, in the same order.</summary>
internal enum ClientAuthType
{
    /// <summary>No client certificate is asked for.</summary>
    NoClientCert,

    /// <summary>Asked for, not required, not verified.</summary>
    RequestClientCert,

    /// <summary>Required, not verified.</summary>
    RequireAnyClientCert,

    /// <summary>Asked for; verified against <c>clientCAs</c> when one is sent.</summary>
    VerifyClientCertIfGiven,

    /// <summary>Required and verified against <c>clientCAs</c>.</summary>
    RequireAndVerifyClientCert,
}
