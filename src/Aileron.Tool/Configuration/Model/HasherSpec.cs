namespace Aileron.Configuration.Model;

[NotSupportedFields("hasherType", "hashAlg", "keys")]
internal sealed record HasherSpec : ConfigNode
{
    public HashSource HashSource { get; init; } = HashSource.ClientAddr;

    /// <summary>The header, cookie, query or path parameter name; unused for ClientAddr.</summary>
    public string Key { get; init; } = string.Empty;
}
