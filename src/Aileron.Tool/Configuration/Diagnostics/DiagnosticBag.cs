namespace Aileron.Configuration.Diagnostics;

/// <summary>Collects diagnostics in the order they were found.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Error(SourcePosition at, string message) => _items.Add(new(DiagnosticSeverity.Error, at, OneLine(message)));

    public void Warning(SourcePosition at, string message) => _items.Add(new(DiagnosticSeverity.Warning, at, OneLine(message)));

    /// <summary>A diagnostic is one line, even when it quotes a value that spans several.</summary>
    private static string OneLine(string message) =>
        message.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Errors and warnings sorted by file, line and column, errors first on a tie.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items
            .Select((d, i) => (d, i))
            .OrderBy(x => x.d.Position.File, StringComparer.Ordinal)
            .ThenBy(x => x.d.Position.Line)
            .ThenBy(x => x.d.Position.Column)
            .ThenBy(x => x.i)
            .Select(x => x.d)];
}
