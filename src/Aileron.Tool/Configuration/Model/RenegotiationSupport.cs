namespace Aileron.Configuration.Model;

/// <summary>AILERON's <c>tlsConfig.renegotiation</c>: Go's <c>tls.RenegotiationSupport</c> (a client-side setting).</summary>
internal enum RenegotiationSupport
{
    RenegotiateNever,
    RenegotiateOnceAsClient,
    RenegotiateFreelyAsClient,
}
