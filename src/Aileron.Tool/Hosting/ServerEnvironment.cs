using Aileron.Observability;
using Microsoft.Extensions.Logging;

namespace Aileron.Hosting;

/// <summary>What every <see cref="ProxyServer"/> of a host shares: Kestrel's services and logging, the clock, and how files are watched.</summary>
internal sealed record ServerEnvironment(IServiceProvider Services, ILoggerFactory Loggers, ProxyLog Log, TimeProvider Time, FileWatch Watch);
