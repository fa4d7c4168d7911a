using Aileron.Configuration.Model;

namespace Aileron.Admin;

/// <summary>
/// The address of <c>serve --admin ADDR</c>: <c>127.0.0.1:9901</c>, <c>[::1]:9901</c>,
/// <c>localhost:9901</c>, or any address an HTTPServer's <c>addr</c> takes. Unlike an HTTPServer, a
/// bare port (<c>9901</c> or <c>:9901</c>) means loopback: the admin endpoint tells anyone who
/// reaches it how the upstreams stand, so every interface must be asked for (<c>0.0.0.0:9901</c>, <c>[::]:9901</c>).
/// </summary>
internal static class AdminAddress
{
    public static bool TryParse(string text, out ListenAddress? address, out string error)
    {
        var port = text.StartsWith(':') ? text[1..] : text;
        if (port.Length > 0 && port.All(char.IsAsciiDigit))
        {
            text = "localhost:" + port;
        }

        if (!text.Contains(':', StringComparison.Ordinal))
        {
            address = null;
            error = $"'{text}' is not host:port or a port; write it as 127.0.0.1:9901, [::1]:9901, localhost:9901 or 9901";
            return false;
        }

        return ListenAddress.TryParse(text, out address, out error);
    }
}
