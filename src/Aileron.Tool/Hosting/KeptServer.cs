using Aileron.Configuration.Model;
using Aileron.Proxying;
using Aileron.Routing;

namespace Aileron.Hosting;

/// <summary>A server whose listener a reload keeps, with what it will serve from.</summary>
/// <param name="Transport">Applies the new config's transport (certificates, allow-list, per-request rules) to the kept listener.</param>
internal sealed record KeptServer(ProxyServer Server, ServerConfig Next, RouteTable Routes, ProxyHandler Handler, Action Transport);
