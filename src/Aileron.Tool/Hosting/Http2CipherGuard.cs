using System.Net.Security;
using Aileron.Tls;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>
/// HTTP/2 forbids TLS 1.2 cipher suites without forward secrecy or an AEAD cipher (RFC 9113
/// 9.2.2). Go's server refuses such a connection unless <c>permitProhibitedCipherSuites</c>;
/// Kestrel does not check, so this connection middleware, placed after the TLS handshake, does.
/// It only matters when <c>tlsCipher</c> lists such suites.
/// </summary>
internal static class Http2CipherGuard
{
    public static void Use(ListenOptions listen, Func<bool> permitted, ILogger log, string server) =>
        listen.Use(next => connection =>
        {
            if (connection.Features.Get<ITlsApplicationProtocolFeature>() is { } alpn
                && alpn.ApplicationProtocol.Span.SequenceEqual(SslApplicationProtocol.Http2.Protocol.Span)
                && connection.Features.Get<ITlsHandshakeFeature>() is { } handshake
                && handshake.NegotiatedCipherSuite is { } suite
                && CipherNames.IsProhibitedForHttp2(suite)
                && !permitted())
            {
                TlsLog.ProhibitedCipher(log, server, suite.ToString());
                connection.Abort();
                return Task.CompletedTask;
            }

            return next(connection);
        });
}
