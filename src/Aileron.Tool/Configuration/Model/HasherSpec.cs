using Aileron.Balancing;

namespace Aileron.Configuration.Model;

[NotSupportedFields("hasherType", "hashAlg", "keys")]
internal sealed record HasherSpec : ConfigNode
{
    public HashSource HashSource { get; init; } = HashSource.ClientAddr;

    /// <summary>The header, cookie, query or path parameter name; unused for ClientAddr.</summary>
    public string Key { get; init; } = string.Empty;

    /// <summary>
    /// aileron: what a request without the key gets: <c>HashEmpty</c> (the default, as AILERON: the
    /// empty key is hashed, so all such requests go to one upstream) or <c>Random</c> (spread by weight).
    /// </summary>
    [AileronExtension]
    public MissingKey MissingKey { get; init; } = MissingKey.HashEmpty;
}
