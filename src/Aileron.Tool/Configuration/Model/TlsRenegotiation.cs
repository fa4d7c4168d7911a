namespace Aileron.Configuration.Model;

/// <summary>AILERON's <c>renegotiation</c> values (Go's <c>tls.RenegotiationSupport</c>).</summary>
internal enum TlsRenegotiation
{
    RenegotiateNever,
    RenegotiateOnceAsClient,
    RenegotiateFreelyAsClient,
}
