namespace Aileron.Configuration;

/// <summary>Collects diagnostics in the order they were found.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Error(SourcePosition at, string message) => _items.Add(new(DiagnosticSeverity.Error, at, message));

    public void Warning(SourcePosition at, string message) => _items.Add(new(DiagnosticSeverity.Warning, at, message));

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
