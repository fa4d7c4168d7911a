namespace Aileron.Commands;

/// <summary>Aligned plain-text columns: text left, numbers right, two spaces apart, no trailing blanks.</summary>
internal sealed class TextTable(params bool[] rightAligned)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter output, string indent = "")
    {
        var widths = new int[_rows.Max(r => r.Length)];
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in _rows)
        {
            var cells = row.Select((cell, i) =>
                i < rightAligned.Length && rightAligned[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
            output.WriteLine((indent + string.Join("  ", cells)).TrimEnd());
        }
    }
}
