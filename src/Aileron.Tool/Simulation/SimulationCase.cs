using Aileron.Configuration.Model;

namespace Aileron.Simulation;

/// <summary>One simulation to run: a load balancer, its algorithm and, with --remove/--add, the change to measure.</summary>
/// <param name="Name">The config's load balancer name; null for synthetic upstreams.</param>
/// <param name="Before">The load balancer as given (its <c>lbAlgorithm</c> is the one simulated).</param>
/// <param name="Change">What --remove/--add change; null when nothing does.</param>
/// <param name="Steps">When --remove/--add make several changes, each on its own (see <see cref="UpstreamChanges.Steps"/>); else empty.</param>
internal sealed record SimulationCase(string? Name, LoadBalancerSpec Before, UpstreamChange? Change = null, IReadOnlyList<UpstreamChange>? Steps = null);
