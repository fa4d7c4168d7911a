using MatchType = Aileron.Patterns.MatchType;

namespace Aileron.Configuration.Model;

internal sealed record PathMatcherSpec : ConfigNode
{
    public string Match { get; init; } = string.Empty;

    public MatchType MatchType { get; init; } = MatchType.Prefix;

    /// <summary>Regex replacement applied to the path (Regex and RegexPOSIX matchers).</summary>
    public string Rewrite { get; init; } = string.Empty;

    /// <summary>Removed from the path before matching.</summary>
    public string TrimPrefix { get; init; } = string.Empty;

    /// <summary>Added to the path after matching.</summary>
    public string AppendPrefix { get; init; } = string.Empty;
}
