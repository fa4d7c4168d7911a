using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Configuration.Model;

/// <summary>Matches a header, query or path parameter value; patterns are OR.</summary>
internal sealed record ParamMatcherSpec : ConfigNode
{
    public string Key { get; init; } = string.Empty;

    public IReadOnlyList<string> Patterns { get; init; } = [];

    public MatchType MatchType { get; init; } = MatchType.Exact;
}
