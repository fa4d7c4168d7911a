using Aileron.Observability;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>
/// The services the proxy's Kestrel servers read: logging through the one log (warnings and worse),
/// the clock, and the metrics Kestrel's TLS layer requires. <c>ListenOptions.UseHttps</c> asks the
/// server's services for Kestrel's internal <c>KestrelMetrics</c>, which only Kestrel's own host
/// builder registers; it is registered here by name, and a Kestrel that renamed it fails at the
/// first TLS listener with a clear message instead of at every handshake.
/// </summary>
internal static class ServerServices
{
    private const string KestrelMetricsType = "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Infrastructure.KestrelMetrics";

    public static ServiceProvider Create(ProxyLog log, TimeProvider time)
    {
        var services = new ServiceCollection()
            .AddLogging(b => b.ClearProviders().AddProvider(log).SetMinimumLevel(LogLevel.Warning))
            .AddMetrics()
            .AddSingleton(time);
        if (typeof(KestrelServer).Assembly.GetType(KestrelMetricsType) is { } metrics)
        {
            services.AddSingleton(metrics);
        }

        return services.BuildServiceProvider();
    }

    /// <summary>True when TLS listeners can be built on this Kestrel.</summary>
    public static bool SupportsTls => typeof(KestrelServer).Assembly.GetType(KestrelMetricsType) is not null;
}
