using System.Text.Json;
using Aileron.Simulation;

namespace Aileron.Commands;

/// <summary>Prints the reports of a <see cref="SimulationPlan"/> in its format.</summary>
internal static class ReportWriter
{
    public static void Write(SimulationPlan plan, IReadOnlyList<SimulationReport> reports, TextWriter output)
    {
        switch (plan.Format)
        {
            case ReportFormat.Json:
                output.WriteLine(plan.Many
                    ? JsonSerializer.Serialize(reports, SimulationJsonContext.Default.IReadOnlyListSimulationReport)
                    : JsonSerializer.Serialize(reports[0], SimulationJsonContext.Default.SimulationReport));
                break;
            case ReportFormat.Csv:
                CsvReport.Write(reports, output);
                break;
            default:
                TableReport.Write(reports, plan.Settings, plan.Compare, output);
                break;
        }
    }
}
