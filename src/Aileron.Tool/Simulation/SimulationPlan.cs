using Aileron.Configuration.Diagnostics;

namespace Aileron.Simulation;

/// <summary>
/// What <see cref="SimulationPlanner"/> made of a command line: the cases to run, or why not
/// (a usage error, or the diagnostics of a config that failed to load).
/// </summary>
internal sealed record SimulationPlan
{
    public IReadOnlyList<SimulationCase> Cases { get; init; } = [];

    public SimulationSettings Settings { get; init; } = new();

    public ReportFormat Format { get; init; }

    /// <summary>True with --compare: reports of one load balancer are shown side by side.</summary>
    public bool Compare { get; init; }

    /// <summary>True when the command asks for several reports (--compare, or -f without --lb): JSON is then an array.</summary>
    public bool Many { get; init; }

    /// <summary>A one-line reason the command line cannot run; null when it can.</summary>
    public string? UsageError { get; init; }

    /// <summary>Problems loading the config; the plan has no cases when one is an error.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    public bool ConfigFailed => Diagnostics.Any(d => d.IsError);

    public static SimulationPlan Usage(string message) => new() { UsageError = message };
}
