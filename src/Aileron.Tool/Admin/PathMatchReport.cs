namespace Aileron.Admin;

/// <summary>A path matcher in a <see cref="BalancerMatchReport"/>: its pattern and matchType as written in config.</summary>
internal sealed record PathMatchReport(string Match, string MatchType);
