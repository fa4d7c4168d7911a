using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aileron.Admin;

/// <summary>
/// The JSON form of an <see cref="UpstreamsReport"/>: camelCase names, enums as camelCase strings
/// (<c>"unhealthy"</c>), times as ISO 8601 UTC, indented. The admin endpoint writes it with the
/// same options, so <c>upstreams --admin</c> reads back exactly what <c>--format json</c> writes.
/// </summary>
internal static class UpstreamsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        IndentSize = 2,
        // Read by people and jq, never embedded in HTML: regex patterns keep their '+' and '<'.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static void Write(UpstreamsReport report, TextWriter output) => output.Write(Serialize(report));

    /// <summary>The report as JSON text with a final newline, as <see cref="Write"/> puts it out.</summary>
    public static string Serialize(UpstreamsReport report) => JsonSerializer.Serialize(report, Options) + "\n";

    /// <exception cref="JsonException">When the text is not an upstreams report.</exception>
    public static UpstreamsReport Read(string json) =>
        JsonSerializer.Deserialize<UpstreamsReport>(json, Options) ?? throw new JsonException("expected an upstreams report, found null");
}
