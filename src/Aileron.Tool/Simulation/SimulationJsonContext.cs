using System.Text.Json.Serialization;

namespace Aileron.Simulation;

/// <summary>Compile-time JSON for the reports: camelCase names, absent optional fields left out.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SimulationReport))]
[JsonSerializable(typeof(IReadOnlyList<SimulationReport>))]
internal sealed partial class SimulationJsonContext : JsonSerializerContext;
