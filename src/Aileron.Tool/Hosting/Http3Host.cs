using System.Runtime.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>
/// A Kestrel server with the QUIC transport, for an HTTPServer with <c>http3Config</c>. Kestrel's
/// public constructor takes one stream transport only, so QUIC comes through Kestrel's own host
/// builder; the proxy application is then run on the server it built, as on every other.
/// Only reached where <c>QuicListener.IsSupported</c> (libmsquic is installed).
/// </summary>
internal static class Http3Host
{
    [SupportedOSPlatform("linux")]
    [SupportedOSPlatform("windows")]
    [SupportedOSPlatform("macos")]
    public static (IServer Server, IAsyncDisposable Host) Create(ServerEnvironment environment, Action<KestrelServerOptions> configure)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseQuic().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            configure(options);
        });
        builder.Logging.ClearProviders().AddProvider(environment.Log).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(environment.Time);
        var app = builder.Build();
        return (app.Services.GetRequiredService<IServer>(), app);
    }
}
