namespace Aileron.Simulation;

/// <summary>How <c>simulate</c> prints its reports.</summary>
internal enum ReportFormat
{
    /// <summary>Aligned columns with a bar per upstream, for people.</summary>
    Table,

    /// <summary>The JSON contract for scripts.</summary>
    Json,

    /// <summary>One row per upstream, for spreadsheets.</summary>
    Csv,
}
