namespace Aileron.Admin;

/// <summary>A header, query or path-parameter matcher in a <see cref="BalancerMatchReport"/>.</summary>
internal sealed record ParamMatchReport(string Key, IReadOnlyList<string> Patterns, string MatchType);
