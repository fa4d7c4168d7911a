using System.Globalization;
using System.Text;

namespace Aileron.Errors;

/// <summary>
/// AILERON's default error bodies and how it chooses one by Accept: the Accept header is split at
/// commas and the first entry that parses as a media type decides (no q-values): JSON for
/// <c>application/json</c> and <c>text/json</c>, XML for <c>application/xml</c> and
/// <c>text/xml</c>, YAML for <c>application/yaml</c>, <c>text/yaml</c> and <c>text/plain</c>,
/// and JSON (as <c>application/json</c>) for anything else or nothing. aileron adds
/// <c>application/problem+json</c>, which gets its RFC 9457 problem with the stable <c>code</c>.
/// </summary>
internal static class DefaultErrorBody
{
    public const string Json = "application/json";
    public const string ProblemJson = ProblemResponse.ContentType;

    private static readonly string[] Known =
    [
        Json, "text/json", "application/xml", "text/xml", "application/yaml", "text/yaml", "text/plain", ProblemJson,
    ];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The body formats, in the order of <see cref="Format"/>, for each problem.</summary>
    private static readonly byte[][][] Bodies =
        [.. Enum.GetValues<ProxyProblem>().Select(p => new[]
        {
            Render(ProblemResponse.StatusOf(p), Format.Json),
            Render(ProblemResponse.StatusOf(p), Format.Xml),
            Render(ProblemResponse.StatusOf(p), Format.Yaml),
            ProblemResponse.ProblemBodyOf(p).ToArray(),
        })];

    private enum Format
    {
        Json,
        Xml,
        Yaml,
        Problem,
    }

    /// <summary>The media type the client's Accept chooses, and the problem's body in it.</summary>
    public static (string MediaType, ReadOnlyMemory<byte> Body) For(ProxyProblem problem, ReadOnlySpan<char> accept)
    {
        var mediaType = Choose(accept);
        return (mediaType, Bodies[(int)problem][(int)FormatOf(mediaType)]);
    }

    /// <summary>The media type AILERON's negotiation picks for this Accept header (lower case), with problem+json added.</summary>
    public static string Choose(ReadOnlySpan<char> accept)
    {
        foreach (var range in accept.Split(','))
        {
            if (!GoMediaType.TryParse(accept[range], out var type))
            {
                continue;
            }

            foreach (var known in Known)
            {
                if (type.Equals(known, StringComparison.OrdinalIgnoreCase))
                {
                    return known;
                }
            }

            return Json;
        }

        return Json;
    }

    /// <summary>AILERON's body for a status in one of its formats: Go's JSON, XML or YAML encoding of {status, statusText}.</summary>
    public static byte[] Render(int status, string mediaType) => Render(status, FormatOf(mediaType));

    private static Format FormatOf(string mediaType) => mediaType switch
    {
        "application/xml" or "text/xml" => Format.Xml,
        "application/yaml" or "text/yaml" or "text/plain" => Format.Yaml,
        ProblemJson => Format.Problem,
        _ => Format.Json,
    };

    private static byte[] Render(int status, Format format)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        var text = GoStatusText.Of(status);
        var body = format switch
        {
            Format.Xml => $"<result><status>{code}</status><statusText>{XmlText(text)}</statusText><errors></errors></result>",
            Format.Yaml => $"status: {code}\nstatusText: {(text.Length == 0 ? "\"\"" : text)}\n",
            _ => $"{{\"status\":{code},\"statusText\":\"{JsonText(text)}\"}}",
        };
        return Utf8.GetBytes(body);
    }

    /// <summary>Go's encoding/xml text escaping.</summary>
    private static string XmlText(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\'' => "&#39;",
                '"' => "&#34;",
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '\t' => "&#x9;",
                '\n' => "&#xA;",
                '\r' => "&#xD;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>Go's encoding/json string escaping for the characters a status text can hold.</summary>
    private static string JsonText(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal);
}
