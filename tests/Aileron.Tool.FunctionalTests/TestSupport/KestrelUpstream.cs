using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// A real Kestrel upstream for the transport tests: on 127.0.0.1 and an ephemeral port (or a unix
/// socket), cleartext or TLS (optionally requiring a client certificate from the test CA), HTTP/1.1,
/// HTTP/2 or both, answering with a handler or with gRPC services. It counts the connections it accepted.
/// </summary>
internal sealed class KestrelUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Counters _counters;

    private KestrelUpstream(WebApplication app, string url, Counters counters)
    {
        _app = app;
        Url = url;
        _counters = counters;
    }

    /// <summary><c>http://127.0.0.1:PORT</c> or <c>https://127.0.0.1:PORT</c>; for a unix socket, <c>http://localhost</c>.</summary>
    public string Url { get; }

    public int Port => new Uri(Url).Port;

    /// <summary>Connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _counters.Connections);

    /// <summary>The server name (SNI) the last TLS client asked for; empty when it sent none.</summary>
    public string ServerName => Volatile.Read(ref _counters.ServerName);

    /// <summary>Connections open now.</summary>
    public int OpenConnections => Volatile.Read(ref _counters.Open);

    public static async Task<KestrelUpstream> StartAsync(Options options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        options.Services?.Invoke(builder.Services);
        var counters = new Counters();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(options.UnixSocket is { } path ? new UnixDomainSocketEndPoint(path) : new IPEndPoint(IPAddress.Loopback, 0), listen =>
        {
            listen.Protocols = options.Protocols;
            listen.Use(next => async connection =>
            {
                Interlocked.Increment(ref counters.Connections);
                Interlocked.Increment(ref counters.Open);
                try
                {
                    await next(connection);
                }
                finally
                {
                    Interlocked.Decrement(ref counters.Open);
                }
            });
            if (options.Certificate is { } certificate)
            {
                listen.UseHttps(https =>
                {
                    // The selector sees the name the client asked for (SNI); null when it sent none.
                    https.ServerCertificateSelector = (_, name) =>
                    {
                        Volatile.Write(ref counters.ServerName, name ?? string.Empty);
                        return certificate;
                    };
                    if (options.ClientCertificates is { } trust)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = (client, _, _) => trust.IssuedByCa(client);
                    }
                });
            }
        }));
        var app = builder.Build();
        options.Map?.Invoke(app);
        if (options.Handler is { } handler)
        {
            app.Run(handler);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var url = options.UnixSocket is not null ? "http://localhost" : address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return new KestrelUpstream(app, url, counters);
    }

    public async ValueTask DisposeAsync()
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(quick.Token);
        await _app.DisposeAsync();
    }

    internal sealed record Options
    {
        public RequestDelegate? Handler { get; init; }

        public Action<IServiceCollection>? Services { get; init; }

        /// <summary>Maps endpoints (gRPC services) before the handler.</summary>
        public Action<WebApplication>? Map { get; init; }

        public HttpProtocols Protocols { get; init; } = HttpProtocols.Http1AndHttp2;

        /// <summary>Serve TLS with this certificate; cleartext when null.</summary>
        public X509Certificate2? Certificate { get; init; }

        /// <summary>Require a client certificate issued by these certificates' CA.</summary>
        public UpstreamCertificates? ClientCertificates { get; init; }

        /// <summary>Listen on this unix socket path instead of a TCP port.</summary>
        public string? UnixSocket { get; init; }
    }

    private sealed class Counters
    {
        public int Connections;
        public int Open;
        public string ServerName = string.Empty;
    }
}
