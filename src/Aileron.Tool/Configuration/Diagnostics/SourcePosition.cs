namespace Aileron.Configuration.Diagnostics;

/// <summary>Where a YAML node starts: file, 1-based line and column.</summary>
internal readonly record struct SourcePosition(string File, int Line, int Column)
{
    public static SourcePosition None { get; } = new(string.Empty, 0, 0);

    public override string ToString() => $"{File}:{Line}:{Column}";
}
