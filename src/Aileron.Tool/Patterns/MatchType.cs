namespace Aileron.Patterns;

/// <summary>AILERON's string matching methods (kernel.MatchType).</summary>
internal enum MatchType
{
    Exact,
    Prefix,
    Suffix,
    Contains,
    Path,
    FilePath,
    Regex,
    RegexPOSIX,
}
