using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Aileron.Configuration.Yaml;

/// <summary>
/// A YAML parser that remembers how far it got, so that even an exception YamlDotNet throws without
/// a position (it does for some malformed input) is reported where parsing stopped.
/// </summary>
internal sealed class TrackingParser(string text) : IParser
{
    private readonly Parser _inner = new(new StringReader(text));

    public ParsingEvent? Current => _inner.Current;

    /// <summary>The end of the last event parsed; the start of the text before any.</summary>
    public Mark LastMark { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        var moved = _inner.MoveNext();
        if (_inner.Current is { } current)
        {
            LastMark = current.End;
        }

        return moved;
    }
}
