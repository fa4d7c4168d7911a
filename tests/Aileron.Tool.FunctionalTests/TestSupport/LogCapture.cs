using System.Text;

namespace Aileron.Tests.TestSupport;

/// <summary>A <see cref="TextWriter"/> that keeps what the proxy's log writer thread writes, readable from the test at any time.</summary>
internal sealed class LogCapture : TextWriter
{
    private readonly StringBuilder _text = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public override void Write(char value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_text)
        {
            _text.Append(value);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_text)
        {
            _text.Append(value).Append('\n');
        }
    }
}
